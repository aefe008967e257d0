using System.Net;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The bridge's settings, bound from configuration (appsettings.json, <c>OCTOMESH_</c> environment
/// variables, command line). Every option is listed in the README with its switch.
/// </summary>
public sealed class BridgeOptions
{
    /// <summary>UDP port shared by all media sessions (<c>--media-port</c>); 0 picks a free port.</summary>
    public int MediaPort { get; set; } = 10000;

    /// <summary>Address the media socket binds to (<c>--media-bind</c>).</summary>
    public string MediaBind { get; set; } = "127.0.0.1";

    /// <summary>
    /// Addresses put in ICE candidates (<c>--advertise-address</c>, comma-separated): the public
    /// address in production, loopback in tests. Defaults to the bind address unless that is a wildcard.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>Bitrate (bit/s) the bridge tells each publisher it may send per video track, by REMB.</summary>
    public long MaxPublisherBitrate { get; set; } = 2_500_000;

    /// <summary>Largest SDP body accepted on WHIP/WHEP/WebSocket, in bytes.</summary>
    public int MaxSdpBytes { get; set; } = 64 * 1024;

    /// <summary>Seconds without ICE consent before a session is closed (RFC 7675 uses 30).</summary>
    public int ConsentTimeoutSeconds { get; set; } = 30;

    public IReadOnlyList<IPAddress> AdvertisedAddresses()
    {
        if (!string.IsNullOrWhiteSpace(AdvertiseAddress))
        {
            return [.. AdvertiseAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPAddress.Parse)];
        }

        var bind = IPAddress.Parse(MediaBind);
        return bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? [IPAddress.Loopback] : [bind];
    }

    /// <summary>Problems with the settings, each a sentence naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MediaPort is < 0 or > 65535)
        {
            errors.Add($"--media-port must be 0-65535 (got {MediaPort}).");
        }

        if (!IPAddress.TryParse(MediaBind, out _))
        {
            errors.Add($"--media-bind must be an IP address (got '{MediaBind}').");
        }

        if (!string.IsNullOrWhiteSpace(AdvertiseAddress))
        {
            foreach (var part in AdvertiseAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IPAddress.TryParse(part, out _))
                {
                    errors.Add($"--advertise-address must be IP addresses separated by commas (got '{part}').");
                }
            }
        }

        if (MaxPublisherBitrate is < 50_000 or > 100_000_000)
        {
            errors.Add($"--max-publisher-bitrate must be 50000-100000000 bit/s (got {MaxPublisherBitrate}).");
        }

        if (MaxSdpBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"--max-sdp-bytes must be 1024-1048576 (got {MaxSdpBytes}).");
        }

        if (ConsentTimeoutSeconds is < 5 or > 300)
        {
            errors.Add($"--consent-timeout must be 5-300 seconds (got {ConsentTimeoutSeconds}).");
        }

        return errors;
    }

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--media-port"] = nameof(MediaPort),
        ["--media-bind"] = nameof(MediaBind),
        ["--advertise-address"] = nameof(AdvertiseAddress),
        ["--max-publisher-bitrate"] = nameof(MaxPublisherBitrate),
        ["--max-sdp-bytes"] = nameof(MaxSdpBytes),
        ["--consent-timeout"] = nameof(ConsentTimeoutSeconds),
    };
}
