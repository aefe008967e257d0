using System.Globalization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// What a bridge advertises about itself through discovery (DESIGN.md "Discovery and routing"):
/// where it is, how to reach each of its planes, how to authenticate it, and how busy it is.
/// Immutable; a changed advertisement is a new record (<c>with</c>).
/// </summary>
public sealed record BridgeRecord
{
    /// <summary>Longest id or region accepted: ids end up in Consul URL paths and check ids.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest version string accepted.</summary>
    public const int MaxVersionLength = 64;

    /// <summary>Length of a WireGuard public key (Curve25519), in bytes.</summary>
    public const int WireGuardKeySize = 32;

    /// <summary>Length of a hex SHA-256 fingerprint, in characters.</summary>
    public const int Sha256HexLength = 64;

    /// <summary>Unique bridge id: letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public required string Id { get; init; }

    /// <summary>Region label (same character set as <see cref="Id"/>), for example <c>eu-west</c>.</summary>
    public required string Region { get; init; }

    /// <summary>WGS 84 latitude in degrees, -90..90.</summary>
    public required double Latitude { get; init; }

    /// <summary>WGS 84 longitude in degrees, -180..180.</summary>
    public required double Longitude { get; init; }

    /// <summary>Software version; selection drops version-mismatched bridges.</summary>
    public required string Version { get; init; }

    /// <summary>Public HTTP(S) base URL: pages, WHIP, WHEP, WebSocket, <c>/api/route</c>.</summary>
    public required Uri HttpUrl { get; init; }

    /// <summary>The single UDP media port browsers reach (ICE candidate), as <c>host:port</c>.</summary>
    public required string MediaAddress { get; init; }

    /// <summary>The relay's WireGuard UDP endpoint other bridges send to, as <c>host:port</c>.</summary>
    public required string RelayEndpoint { get; init; }

    /// <summary>The mesh gRPC service (<c>octomesh.relay.v1.Mesh</c>), an <c>https</c> URL.</summary>
    public required Uri GrpcEndpoint { get; init; }

    /// <summary>The relay's WireGuard public key, standard base64 of 32 bytes.</summary>
    public required string WireGuardPublicKey { get; init; }

    /// <summary>The bridge's IPv4 address inside the WireGuard overlay (e.g. 10.99.0.1); relay frames are addressed to it.</summary>
    public string? OverlayAddress { get; init; }

    /// <summary>SHA-256 of the gRPC TLS certificate (DER), 64 hex digits; peers pin it.</summary>
    public required string TlsCertificateSha256 { get; init; }

    /// <summary>A draining bridge keeps its sessions but receives no new ones.</summary>
    public bool Draining { get; init; }

    /// <summary>Packet rate over configured capacity: 0 idle, 1 full, above 1 overloaded.</summary>
    public double Stress { get; init; }

    /// <summary>Whether the registry currently believes the bridge is alive (TTL passing, entry fresh).</summary>
    public bool Healthy { get; init; } = true;

    /// <summary>When the registry last heard from the bridge.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>Every problem with this record, in plain words; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        CheckLabel(problems, "Id", Id);
        CheckLabel(problems, "Region", Region);
        if (!double.IsFinite(Latitude) || Latitude is < -90 or > 90)
        {
            problems.Add($"Latitude must be between -90 and 90 degrees, got {Latitude.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (!double.IsFinite(Longitude) || Longitude is < -180 or > 180)
        {
            problems.Add($"Longitude must be between -180 and 180 degrees, got {Longitude.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (string.IsNullOrWhiteSpace(Version) || Version.Length > MaxVersionLength || Version.Any(char.IsControl))
        {
            problems.Add($"Version must be 1..{MaxVersionLength} printable characters, got '{Version}'.");
        }
        if (HttpUrl is null || !HttpUrl.IsAbsoluteUri || (HttpUrl.Scheme != Uri.UriSchemeHttp && HttpUrl.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"HttpUrl must be an absolute http or https URL, got '{HttpUrl}'.");
        }
        if (!HostPort.IsValid(MediaAddress))
        {
            problems.Add($"MediaAddress must be host:port (port 1..65535, IPv6 in brackets), got '{MediaAddress}'.");
        }
        if (!HostPort.IsValid(RelayEndpoint))
        {
            problems.Add($"RelayEndpoint must be host:port (port 1..65535, IPv6 in brackets), got '{RelayEndpoint}'.");
        }
        if (GrpcEndpoint is null || !GrpcEndpoint.IsAbsoluteUri || GrpcEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"GrpcEndpoint must be an absolute https URL (mesh links are always TLS), got '{GrpcEndpoint}'.");
        }
        if (!IsWireGuardKey(WireGuardPublicKey))
        {
            problems.Add($"WireGuardPublicKey must be base64 of {WireGuardKeySize} bytes, got '{WireGuardPublicKey}'.");
        }
        if (TlsCertificateSha256 is null || TlsCertificateSha256.Length != Sha256HexLength || !TlsCertificateSha256.All(char.IsAsciiHexDigit))
        {
            problems.Add($"TlsCertificateSha256 must be {Sha256HexLength} hex digits (no separators), got '{TlsCertificateSha256}'.");
        }
        if (!double.IsFinite(Stress) || Stress < 0)
        {
            problems.Add($"Stress must be a finite number >= 0, got {Stress.ToString(CultureInfo.InvariantCulture)}.");
        }
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the record is invalid.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid bridge record '{Id}': {string.Join(" ", problems)}");
        }
    }

    /// <summary>
    /// True when both records advertise the same thing, ignoring <see cref="LastSeen"/>
    /// (which moves on every heartbeat and is not news to subscribers).
    /// </summary>
    public bool SameAdvertisement(BridgeRecord other) =>
        this with { LastSeen = default } == other with { LastSeen = default };

    private static void CheckLabel(List<string> problems, string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength || !char.IsAsciiLetterOrDigit(value[0])
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            problems.Add($"{field} must be 1..{MaxIdLength} characters of letters, digits, '.', '_' or '-' starting with a letter or digit, got '{value}'.");
        }
    }

    private static bool IsWireGuardKey(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length != 44)
        {
            return false;
        }
        Span<byte> key = stackalloc byte[WireGuardKeySize + 2];
        return Convert.TryFromBase64String(value, key, out var written) && written == WireGuardKeySize;
    }
}
