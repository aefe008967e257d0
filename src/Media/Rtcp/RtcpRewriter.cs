using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// In-place SSRC rewrites the forwarder applies when it relays feedback between a subscriber and a
/// publisher. Each returns false, writing nothing, when the packet is too short for the field.
/// </summary>
public static class RtcpRewriter
{
    private const int SenderSsrcOffset = 4;
    private const int MediaSsrcOffset = 8;
    private const int SsrcSize = 4;

    /// <summary>Overwrites the packet sender SSRC (RFC 4585 §6.1; also the SR/RR sender).</summary>
    public static bool SetSenderSsrc(Span<byte> packet, uint ssrc)
    {
        if (packet.Length < SenderSsrcOffset + SsrcSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(SenderSsrcOffset), ssrc);
        return true;
    }

    /// <summary>
    /// Overwrites the media source SSRC of a feedback packet (RFC 4585 §6.1). For FIR the field is
    /// unused; use <see cref="SetFirEntrySsrc"/> to retarget a FIR entry.
    /// </summary>
    public static bool SetMediaSsrc(Span<byte> feedbackPacket, uint ssrc)
    {
        if (feedbackPacket.Length < MediaSsrcOffset + SsrcSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(feedbackPacket.Slice(MediaSsrcOffset), ssrc);
        return true;
    }

    /// <summary>Overwrites the SSRC of FIR entry <paramref name="index"/> (RFC 5104 §4.3.1.1).</summary>
    public static bool SetFirEntrySsrc(Span<byte> firPacket, int index, uint ssrc)
    {
        int offset = RtcpPacketView.FeedbackHeaderSize + index * Fir.EntrySize;
        if (index < 0 || firPacket.Length < offset + Fir.EntrySize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(firPacket.Slice(offset), ssrc);
        return true;
    }
}
