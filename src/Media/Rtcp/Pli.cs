namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A picture loss indication: PSFB with FMT 1 and no FCI (RFC 4585 §6.3.1).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=206     |          length=2             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// </code>
/// </remarks>
public readonly record struct Pli(uint SenderSsrc, uint MediaSsrc)
{
    /// <summary>Size of a PLI packet.</summary>
    public const int Size = RtcpPacketView.FeedbackHeaderSize;

    /// <summary>Parses a PLI; false for another type/format or a packet shorter than 12 bytes.</summary>
    public static bool TryParse(RtcpPacketView view, out Pli pli)
    {
        if (view.PacketType != RtcpPacketType.PayloadSpecificFeedback
            || view.CountOrFormat != RtcpFeedbackFormat.PictureLossIndication
            || view.Content.Length < Size)
        {
            pli = default;
            return false;
        }

        pli = new Pli(view.SenderSsrc, view.MediaSsrc);
        return true;
    }
}
