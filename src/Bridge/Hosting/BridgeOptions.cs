using System.Net;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The bridge's settings, bound from configuration (appsettings.json, <c>OCTOMESH_</c> environment
/// variables, command line). Every option is listed in the README with its switch.
/// </summary>
public sealed class BridgeOptions
{
    /// <summary>This bridge's id in the mesh (<c>--bridge-id</c>); unique among bridges.</summary>
    public string BridgeId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Region name shown to clients and operators (<c>--region</c>).</summary>
    public string Region { get; set; } = "local";

    /// <summary>Where the bridge is (<c>--latitude</c>, <c>--longitude</c>), for geo-routing.</summary>
    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>
    /// HTTPS port of the mesh's gRPC link service (<c>--grpc-port</c>), mutual TLS with pinned
    /// certificates; 0 picks a free port. The mesh is off unless a registry is configured.
    /// </summary>
    public int GrpcPort { get; set; } = 9080;

    /// <summary>UDP port of the relay (<c>--relay-port</c>): embedded WireGuard's socket; 0 picks a free port.</summary>
    public int RelayPort { get; set; } = 51820;

    /// <summary>
    /// Where relay WireGuard runs (<c>--wireguard-mode</c>): <c>embedded</c> (the bridge's own userspace
    /// WireGuard on <see cref="RelayPort"/>) or <c>os</c> (an existing kernel or wireguard-go interface,
    /// <see cref="WireGuardInterface"/>, whose key and peers the bridge programs through the UAPI).
    /// </summary>
    public string WireGuardMode { get; set; } = "embedded";

    /// <summary>The OS WireGuard interface used in os mode (<c>--wireguard-interface</c>); it must carry <see cref="OverlayAddress"/>.</summary>
    public string WireGuardInterface { get; set; } = "wg-octomesh";

    /// <summary>True when relay WireGuard is an OS interface (<c>--wireguard-mode os</c>).</summary>
    public bool UsesOsWireGuard => string.Equals(WireGuardMode, "os", StringComparison.Ordinal);

    /// <summary>This bridge's address inside the WireGuard overlay (<c>--overlay-address</c>).</summary>
    public string OverlayAddress { get; set; } = "10.99.0.1";

    /// <summary>The URL clients use to reach this bridge (<c>--public-url</c>); defaults to the first listen URL.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Write logs to stderr, keeping stdout for machine-readable output (<c>--log-to-stderr</c>; the demo sets it).</summary>
    public bool LogToStandardError { get; set; }

    /// <summary>Static registry file shared by the bridges of a mesh (<c>--registry</c>); enables the mesh.</summary>
    public string? Registry { get; set; }

    /// <summary>Consul agent URL (<c>--consul</c>, e.g. http://127.0.0.1:8500); enables the mesh with Consul discovery.</summary>
    public string? Consul { get; set; }

    /// <summary>Consul ACL token (<c>--consul-token</c>), sent as X-Consul-Token.</summary>
    public string? ConsulToken { get; set; }

    /// <summary>Consul datacenter (<c>--consul-datacenter</c>); the agent's own when empty.</summary>
    public string? ConsulDatacenter { get; set; }

    /// <summary>UDP port shared by all media sessions (<c>--media-port</c>); 0 picks a free port.</summary>
    public int MediaPort { get; set; } = 10000;

    /// <summary>Address the media socket binds to (<c>--media-bind</c>).</summary>
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

    private const int MaxMediaReceiveThreads = 64;

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

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For is believed when locating clients (<c>--trusted-proxies</c>,
    /// comma-separated addresses or CIDR networks); loopback is always trusted.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>Directory holding the DB-IP city database (<c>--geo-database</c>); defaults to <c>geodata/</c> next to the bridge.</summary>
    public string? GeoDatabase { get; set; }

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

        if (MediaReceiveThreads is < 1 or > MaxMediaReceiveThreads)
        {
            errors.Add($"--media-receive-threads must be 1-{MaxMediaReceiveThreads} (got {MediaReceiveThreads}).");
        }

        if (string.IsNullOrWhiteSpace(BridgeId) || BridgeId.Length > 64 || !BridgeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"--bridge-id must be 1-64 letters, digits, '-', '_' or '.' (got '{BridgeId}').");
        }

        if (Latitude is < -90 or > 90 || double.IsNaN(Latitude) || Longitude is < -180 or > 180 || double.IsNaN(Longitude))
        {
            errors.Add($"--latitude must be -90..90 and --longitude -180..180 (got {Latitude}, {Longitude}).");
        }

        if (GrpcPort is < 0 or > 65535 || RelayPort is < 0 or > 65535)
        {
            errors.Add($"--grpc-port and --relay-port must be 0-65535 (got {GrpcPort}, {RelayPort}).");
        }

        if (!IPAddress.TryParse(OverlayAddress, out var overlay) || overlay.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            errors.Add($"--overlay-address must be an IPv4 address (got '{OverlayAddress}').");
        }

        if (WireGuardMode is not ("embedded" or "os"))
        {
            errors.Add($"--wireguard-mode must be embedded or os (got '{WireGuardMode}').");
        }

        // Linux interface names: at most 15 bytes (IFNAMSIZ), and the name becomes a UAPI socket path.
        if (UsesOsWireGuard && (string.IsNullOrEmpty(WireGuardInterface) || WireGuardInterface.Length > 15 || WireGuardInterface is "." or ".."
            || !WireGuardInterface.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' or '+')))
        {
            errors.Add($"--wireguard-interface must be 1-15 letters, digits, '-', '_', '.', '=' or '+' (got '{WireGuardInterface}').");
        }

        if (Consul is not null && !(Uri.TryCreate(Consul, UriKind.Absolute, out var consul) && consul.Scheme is "http" or "https"))
        {
            errors.Add($"--consul must be an http(s) URL of a Consul agent (got '{Consul}').");
        }

        if (Consul is not null && Registry is not null)
        {
            errors.Add("Use either --registry or --consul, not both.");
        }

        if (PublicUrl is not null && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            errors.Add($"--public-url must be an absolute URL (got '{PublicUrl}').");
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

        errors.AddRange(OctoMesh.Bridge.Routing.RoutingSettings.Validate(this));
        return errors;
    }

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--bridge-id"] = nameof(BridgeId),
        ["--region"] = nameof(Region),
        ["--latitude"] = nameof(Latitude),
        ["--longitude"] = nameof(Longitude),
        ["--grpc-port"] = nameof(GrpcPort),
        ["--relay-port"] = nameof(RelayPort),
        ["--overlay-address"] = nameof(OverlayAddress),
        ["--wireguard-mode"] = nameof(WireGuardMode),
        ["--wireguard-interface"] = nameof(WireGuardInterface),
        ["--public-url"] = nameof(PublicUrl),
        ["--log-to-stderr"] = nameof(LogToStandardError),
        ["--registry"] = nameof(Registry),
        ["--consul"] = nameof(Consul),
        ["--consul-token"] = nameof(ConsulToken),
        ["--consul-datacenter"] = nameof(ConsulDatacenter),
        ["--media-port"] = nameof(MediaPort),
        ["--media-bind"] = nameof(MediaBind),
        ["--media-receive-threads"] = nameof(MediaReceiveThreads),
        ["--media-batched-io"] = nameof(MediaBatchedIo),
        ["--advertise-address"] = nameof(AdvertiseAddress),
        ["--max-publisher-bitrate"] = nameof(MaxPublisherBitrate),
        ["--max-sdp-bytes"] = nameof(MaxSdpBytes),
        ["--consent-timeout"] = nameof(ConsentTimeoutSeconds),
        ["--trusted-proxies"] = nameof(TrustedProxies),
        ["--geo-database"] = nameof(GeoDatabase),
    };
}
