using System.Net;

namespace OctoMesh.Bridge.Configuration;

/// <summary>The one UDP port every media session shares: where it binds, what it advertises, how it reads and writes.</summary>
public sealed class MediaPortOptions : IValidatedOptions
{
    private const int MaxMediaReceiveThreads = 64;

    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--media-port"] = nameof(MediaPort),
        ["--media-bind"] = nameof(MediaBind),
        ["--media-receive-threads"] = nameof(MediaReceiveThreads),
        ["--media-batched-io"] = nameof(MediaBatchedIo),
        ["--advertise-address"] = nameof(AdvertiseAddress),
        ["--consent-timeout"] = nameof(ConsentTimeoutSeconds),
    };

    /// <summary>UDP port shared by all media sessions (<c>--media-port</c>); 0 picks a free port.</summary>
    public int MediaPort { get; set; } = 10000;

    /// <summary>Address the media socket binds to (<c>--media-bind</c>); the embedded relay and gRPC bind it too.</summary>
    public string MediaBind { get; set; } = "127.0.0.1";

    /// <summary>
    /// Receive threads on the media port (<c>--media-receive-threads</c>): sockets sharing the port with
    /// SO_REUSEPORT, each flow always read by the same one, so no stream is reordered. Defaults to one per CPU:
    /// a publisher's packets are fanned out on the thread that reads them, and no lock is held across a send
    /// batch, so threads do not wait for each other (docs/performance.md, "Receive threads").
    /// </summary>
    public int MediaReceiveThreads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, MaxMediaReceiveThreads);

    /// <summary>recvmmsg/sendmmsg on the media port (<c>--media-batched-io</c>); false: one system call per datagram.</summary>
    public bool MediaBatchedIo { get; set; } = true;

    /// <summary>
    /// Addresses put in ICE candidates (<c>--advertise-address</c>, comma-separated): the public
    /// address in production, loopback in tests. Defaults to the bind address unless that is a wildcard.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>Seconds without ICE consent before a session is closed (<c>--consent-timeout</c>; RFC 7675 uses 30).</summary>
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

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MediaPort is < 0 or > 65535)
        {
            errors.Add($"--media-port must be 0-65535 (got {MediaPort}).");
        }

        if (MediaReceiveThreads is < 1 or > MaxMediaReceiveThreads)
        {
            errors.Add($"--media-receive-threads must be 1-{MaxMediaReceiveThreads} (got {MediaReceiveThreads}).");
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

        if (ConsentTimeoutSeconds is < 5 or > 300)
        {
            errors.Add($"--consent-timeout must be 5-300 seconds (got {ConsentTimeoutSeconds}).");
        }

        return errors;
    }
}
