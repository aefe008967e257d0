namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A parsed goodbye packet (RFC 3550 §6.6).
/// </summary>
/// <remarks>
/// <code>
///       0                   1                   2                   3
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |V=2|P|    SC   |   PT=BYE=203  |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                           SSRC/CSRC                           |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       :                              ...                              :
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// (opt) |     length    |               reason for leaving            ...
/// </code>
/// </remarks>
public readonly ref struct Bye
{
    private const int SsrcSize = 4;

    private Bye(SsrcList ssrcs, ReadOnlySpan<byte> reasonUtf8)
    {
        Ssrcs = ssrcs;
        ReasonUtf8 = reasonUtf8;
    }

    /// <summary>The sources leaving.</summary>
    public SsrcList Ssrcs { get; }

    /// <summary>The optional reason, UTF-8 encoded; empty when absent.</summary>
    public ReadOnlySpan<byte> ReasonUtf8 { get; }

    /// <summary>Parses a BYE; false for another type or when the SSRC list or reason overruns the packet.</summary>
    public static bool TryParse(RtcpPacketView view, out Bye bye)
    {
        bye = default;
        ReadOnlySpan<byte> content = view.Content;
        int count = view.CountOrFormat;
        int reasonOffset = RtcpPacketView.HeaderSize + count * SsrcSize;
        if (view.PacketType != RtcpPacketType.Goodbye || content.Length < reasonOffset)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (content.Length > reasonOffset)
        {
            int length = content[reasonOffset];
            if (content.Length < reasonOffset + 1 + length)
            {
                return false;
            }

            reason = content.Slice(reasonOffset + 1, length);
        }

        bye = new Bye(new SsrcList(content.Slice(RtcpPacketView.HeaderSize, count * SsrcSize), count), reason);
        return true;
    }
}
