namespace OctoMesh.Media.Rtp;

/// <summary>
/// Serial-number arithmetic on 16-bit RTP sequence numbers (RFC 1982 §3.2 with SERIAL_BITS = 16),
/// so comparisons keep working across the wrap from 65535 to 0.
/// </summary>
public static class RtpSequence
{
    private const int HalfRange = 0x8000;

    /// <summary>
    /// True when <paramref name="a"/> comes after <paramref name="b"/>, that is when
    /// a - b (mod 2^16) lies in 1..32767. Numbers exactly half the space apart are undefined in
    /// RFC 1982; here neither is newer than the other.
    /// </summary>
    public static bool IsNewer(ushort a, ushort b)
    {
        int forward = (ushort)(a - b);
        return forward != 0 && forward < HalfRange;
    }

    /// <summary>
    /// The signed distance a - b in -32768..32767: positive when <paramref name="a"/> is newer.
    /// </summary>
    public static int Diff(ushort a, ushort b) => (short)(ushort)(a - b);
}
