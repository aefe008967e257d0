using System.Net;
using System.Net.Sockets;

namespace OctoMesh.Geo.Location;

/// <summary>
/// Tells addresses that can say where a person is (globally routable unicast) from those that cannot.
/// The ranges are the IANA special-purpose registries (RFC 6890, updated by RFC 8190) that matter for a client address.
/// </summary>
public static class AddressScope
{
    /// <summary>
    /// True for a globally routable unicast address. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, RFC 4291 §2.5.5.2)
    /// are judged by their IPv4 address.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address),
            _ => false,
        };
    }

    private static bool IsPublicIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        if (!address.TryWriteBytes(b, out _))
            return false;
        return !(b[0] == 0                                       // 0.0.0.0/8 "this network" (RFC 791)
            || b[0] == 10                                        // 10.0.0.0/8 private (RFC 1918)
            || (b[0] == 100 && (b[1] & 0xC0) == 64)              // 100.64.0.0/10 shared address space, CGNAT (RFC 6598)
            || b[0] == 127                                       // 127.0.0.0/8 loopback (RFC 1122 §3.2.1.3)
            || (b[0] == 169 && b[1] == 254)                      // 169.254.0.0/16 link-local (RFC 3927)
            || (b[0] == 172 && (b[1] & 0xF0) == 16)              // 172.16.0.0/12 private (RFC 1918)
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)           // 192.0.0.0/24 IETF protocol assignments (RFC 6890)
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)           // 192.0.2.0/24 TEST-NET-1 (RFC 5737)
            || (b[0] == 192 && b[1] == 168)                      // 192.168.0.0/16 private (RFC 1918)
            || (b[0] == 198 && (b[1] & 0xFE) == 18)              // 198.18.0.0/15 benchmarking (RFC 2544)
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)        // 198.51.100.0/24 TEST-NET-2 (RFC 5737)
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)         // 203.0.113.0/24 TEST-NET-3 (RFC 5737)
            || b[0] >= 224);                                     // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast
    }

    private static bool IsPublicIPv6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (!address.TryWriteBytes(b, out _))
            return false;
        if (b[..15].IndexOfAnyExcept((byte)0) < 0)
            return false;                                        // ::/128 unspecified and ::1/128 loopback (RFC 4291 §2.5.2, §2.5.3)
        return !((b[0] & 0xFE) == 0xFC                           // fc00::/7 unique local (RFC 4193)
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)           // fe80::/10 link-local (RFC 4291 §2.5.6)
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)           // fec0::/10 deprecated site-local (RFC 3879)
            || b[0] == 0xFF                                      // ff00::/8 multicast (RFC 4291 §2.7)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation (RFC 3849)
            || (b[0] == 0x01 && b[1] == 0x00 && b[2..8].IndexOfAnyExcept((byte)0) < 0) // 100::/64 discard-only (RFC 6666)
            || b[..10].IndexOfAnyExcept((byte)0) < 0);           // ::/80 IPv4-compatible and other reserved forms (RFC 4291 §2.5.5.1)
    }
}
