using System.Globalization;
using System.Net;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Checks <c>host:port</c> strings (RFC 3986 §3.2.2 authority without userinfo): a DNS name or
/// IPv4 address, or an IPv6 address in brackets, then a port 1..65535.
/// </summary>
internal static class HostPort
{
    public static bool IsValid(string? value) => TrySplit(value, out _, out _);

    public static bool TrySplit(string? value, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrEmpty(value) || value.Length > 300)
        {
            return false;
        }
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }
        var hostPart = value[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']') || !IPAddress.TryParse(hostPart[1..^1], out var v6)
                || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
            host = hostPart[1..^1];
            return true;
        }
        if (hostPart.Contains(':') || Uri.CheckHostName(hostPart) is UriHostNameType.Unknown or UriHostNameType.IPv6)
        {
            return false;
        }
        host = hostPart;
        return true;
    }
}
