using System.Globalization;
using System.Net;

namespace OctoMesh.Media.Client;

/// <summary>
/// Reads the address of a UDP host candidate from an SDP candidate attribute (RFC 8839 §5.1):
/// <code>
/// candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt; *(extension)
/// candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host
/// </code>
/// A bridge is ICE-lite with host candidates only, so this is all a client needs.
/// </summary>
public static class HostCandidate
{
    private const int MinimumFieldCount = 8;

    /// <summary>True when <paramref name="candidate"/> ("candidate:" prefix optional) is a component-1 UDP host candidate with an IP literal.</summary>
    public static bool TryParseUdpHost(string candidate, out IPEndPoint endPoint)
    {
        endPoint = null!;
        ArgumentNullException.ThrowIfNull(candidate);
        var text = candidate.StartsWith("a=", StringComparison.Ordinal) ? candidate[2..] : candidate;
        text = text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase) ? text["candidate:".Length..] : text;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < MinimumFieldCount
            || fields[1] != "1"
            || !fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
            || fields[6] != "typ"
            || fields[7] != "host"
            || !IPAddress.TryParse(fields[4], out var address)
            || !int.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > IPEndPoint.MaxPort)
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>The first UDP host candidate of <paramref name="candidates"/>, or null.</summary>
    public static IPEndPoint? FirstUdpHost(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (TryParseUdpHost(candidate, out var endPoint))
            {
                return endPoint;
            }
        }

        return null;
    }

    /// <summary>Formats our own host candidate for the offer (RFC 8445 §5.1.2.1 priority, host type preference 126).</summary>
    public static string Format(IPEndPoint endPoint, uint priority) =>
        string.Create(CultureInfo.InvariantCulture, $"candidate:1 1 udp {priority} {endPoint.Address} {endPoint.Port} typ host");
}
