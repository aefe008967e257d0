using System.Net;

namespace OctoMesh.Geo.Location;

/// <summary>
/// Finds the client's address behind reverse proxies. X-Forwarded-For (the de-facto header that RFC 7239 §4
/// standardises as Forwarded: for=) is a comma-separated list where each proxy appends the address it received the
/// request from, so only entries appended by proxies we trust are believed: the chain is walked right to left,
/// starting at the TCP peer, skipping trusted proxies, and the first untrusted hop is the client. Anything left of
/// it was written by the client and is ignored. Garbage in the trusted part of the chain means the chain cannot be
/// believed, so the peer address is used; nothing here throws on any header value.
/// </summary>
public sealed class ClientAddressResolver
{
    /// <summary>A header longer than this is not a real proxy chain; it is not parsed.</summary>
    public const int MaxHeaderLength = 4096;

    /// <summary>At most this many hops are walked; a longer trusted chain falls back to the peer.</summary>
    public const int MaxHops = 32;

    private static readonly IPNetwork[] LoopbackNetworks =
    [
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("::1/128"),
    ];

    private readonly IPNetwork[] _trustedNetworks;

    /// <param name="trustedProxies">Networks whose X-Forwarded-For entries are believed.</param>
    /// <param name="trustLoopback">Whether loopback (a proxy on the same machine) is trusted too; the default.</param>
    public ClientAddressResolver(IEnumerable<IPNetwork> trustedProxies, bool trustLoopback = true)
    {
        _trustedNetworks = trustLoopback ? [.. LoopbackNetworks, .. trustedProxies] : [.. trustedProxies];
    }

    /// <summary>Trusts loopback only.</summary>
    public ClientAddressResolver() : this([])
    {
    }

    /// <summary>
    /// Parses proxy addresses or networks as configured ("10.0.0.5", "10.0.0.0/8", "fd00::/8"). Returns the invalid
    /// entries instead of throwing, so start-up validation can name them.
    /// </summary>
    public static IReadOnlyList<string> TryParseTrustedProxies(IEnumerable<string> values, out List<IPNetwork> networks)
    {
        networks = [];
        var invalid = new List<string>();
        foreach (var value in values)
        {
            var text = value.Trim();
            if (IPNetwork.TryParse(text, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(text, out var address))
                networks.Add(new IPNetwork(Normalize(address), Normalize(address).GetAddressBytes().Length * 8));
            else
                invalid.Add(value);
        }
        return invalid;
    }

    /// <summary>
    /// The client's address for a request from <paramref name="peer"/> carrying <paramref name="forwardedFor"/>
    /// (all X-Forwarded-For header values joined with ',', as ASP.NET Core's StringValues.ToString() does).
    /// </summary>
    public ClientAddress Resolve(IPAddress peer, string? forwardedFor)
    {
        peer = Normalize(peer);
        if (string.IsNullOrEmpty(forwardedFor) || !IsTrusted(peer))
            return new ClientAddress(peer, ClientAddressSource.Peer);
        if (forwardedFor.Length > MaxHeaderLength)
            return new ClientAddress(peer, ClientAddressSource.PeerAfterInvalidForwardedFor);

        ReadOnlySpan<char> rest = forwardedFor;
        IPAddress? hop = null;
        for (var hops = 0; rest.Length > 0 || hops == 0; hops++)
        {
            if (hops == MaxHops)
                return new ClientAddress(peer, ClientAddressSource.PeerAfterInvalidForwardedFor);
            var comma = rest.LastIndexOf(',');
            var entry = rest[(comma + 1)..];
            rest = comma < 0 ? [] : rest[..comma];
            if (!TryParseEntry(entry, out var address))
                return new ClientAddress(peer, ClientAddressSource.PeerAfterInvalidForwardedFor);
            hop = address;
            if (!IsTrusted(address))
                return new ClientAddress(address, ClientAddressSource.ForwardedFor);
        }
        // Every hop is a trusted proxy: the leftmost one is where the request started (a client on the proxy's network).
        return new ClientAddress(hop!, ClientAddressSource.ForwardedFor);
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var network in _trustedNetworks)
        {
            if (network.Contains(address))
                return true;
        }
        return false;
    }

    /// <summary>
    /// One X-Forwarded-For entry: "203.0.113.7", "203.0.113.7:4711", "2001:db8::1", "[2001:db8::1]:4711". Quotes
    /// (as Forwarded: uses) are tolerated; zone ids and anything else are not.
    /// </summary>
    private static bool TryParseEntry(ReadOnlySpan<char> entry, out IPAddress address)
    {
        address = IPAddress.None;
        entry = entry.Trim().Trim('"');
        if (entry.IsEmpty || entry.Length > 64 || entry.Contains('%'))
            return false;
        if (entry[0] == '[')
        {
            var close = entry.IndexOf(']');
            if (close < 0 || (close + 1 < entry.Length && !IsPort(entry[(close + 1)..])))
                return false;
            entry = entry[1..close];
        }
        else if (entry.IndexOf(':') is var colon and >= 0 && entry.LastIndexOf(':') == colon)
        {
            // Exactly one colon: IPv4 with a port (an IPv6 address has at least two).
            if (!IsPort(entry[colon..]))
                return false;
            entry = entry[..colon];
        }
        // IPAddress.TryParse also takes inet_aton forms ("1", "0x7f.1"); a proxy writes dotted quads only.
        if (!entry.Contains(':') && (entry.Count('.') != 3 || entry.ContainsAnyExcept("0123456789.")))
            return false;
        if (!IPAddress.TryParse(entry, out var parsed))
            return false;
        address = Normalize(parsed);
        return true;
    }

    private static bool IsPort(ReadOnlySpan<char> colonAndPort) =>
        colonAndPort.Length is >= 2 and <= 6 && colonAndPort[0] == ':'
        && ushort.TryParse(colonAndPort[1..], System.Globalization.NumberStyles.None, null, out _);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
