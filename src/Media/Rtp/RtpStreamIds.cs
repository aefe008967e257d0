namespace OctoMesh.Media.Rtp;

/// <summary>
/// The values of the RTP stream id and repaired RTP stream id header extensions (RFC 8852 §3.1, §3.2):
/// an rid (RFC 8851 §10: 1..255 alphanumeric characters, '-' and '_'), as US-ASCII bytes.
/// </summary>
public static class RtpStreamIds
{
    /// <summary>True when the extension value <paramref name="value"/> spells <paramref name="rid"/> (case-sensitive, RFC 8851 §10).</summary>
    public static bool AreEqual(ReadOnlySpan<byte> value, string rid)
    {
        if (value.Length != rid.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != rid[i])
            {
                return false;
            }
        }

        return true;
    }
}
