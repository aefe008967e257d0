using System.Buffers.Binary;

namespace OctoMesh.Media.Srtp;

/// <summary>SRTCP: RTCP packet protection (RFC 3711 §3.4, RFC 7714 §9).</summary>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts (E flag set) and authenticates one RTCP compound packet into
    /// <paramref name="destination"/>, which needs <c>rtcpPacket.Length + RtcpOverhead</c> bytes and
    /// may be the packet's own buffer. Each SSRC's 31-bit SRTCP index starts at 0 and counts up.
    /// </summary>
    public SrtpStatus ProtectRtcp(ReadOnlySpan<byte> rtcpPacket, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (rtcpPacket.Length < SrtpPacketHeaders.RtcpClearHeaderLength)
        {
            return SrtpStatus.TooShort;
        }

        int outputLength = rtcpPacket.Length + rtcpTransform.RtcpOverhead;
        if (destination.Length < outputLength)
        {
            return SrtpStatus.DestinationTooSmall;
        }

        ThrowIfShiftedOverlap(rtcpPacket, destination);
        uint ssrc = SrtpPacketHeaders.RtcpSsrc(rtcpPacket);
        int slot = rtcpSenders.Find(ssrc);
        if (slot < 0)
        {
            if (rtcpSenders.IsFull)
            {
                return SrtpStatus.TooManySsrcs;
            }

            // RFC 3711 §3.4: the SRTCP index is zero before the first packet is sent.
            slot = rtcpSenders.Add(ssrc, 0);
        }

        ref uint nextIndex = ref rtcpSenders.StateAt(slot);
        uint srtcpIndex = nextIndex;
        nextIndex = (nextIndex + 1) & SrtpTransform.SrtcpIndexMask;

        rtcpTransform.ProtectRtcp(rtcpPacket, destination, ssrc, srtcpIndex);
        bytesWritten = outputLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies, replay-checks and (when its E flag is set) decrypts one SRTCP packet into
    /// <paramref name="destination"/> (<c>srtcpPacket.Length - RtcpOverhead</c> bytes; may be the
    /// packet's own buffer). A packet that fails authentication changes no state; on any failure the
    /// destination's content is unspecified.
    /// </summary>
    public SrtpStatus UnprotectRtcp(ReadOnlySpan<byte> srtcpPacket, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int overhead = rtcpTransform.RtcpOverhead;
        if (srtcpPacket.Length < SrtpPacketHeaders.RtcpClearHeaderLength + overhead)
        {
            return SrtpStatus.TooShort;
        }

        int rtcpLength = srtcpPacket.Length - overhead;
        if (destination.Length < rtcpLength)
        {
            return SrtpStatus.DestinationTooSmall;
        }

        ThrowIfShiftedOverlap(srtcpPacket, destination);
        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(srtcpPacket.Slice(srtcpPacket.Length - rtcpTransform.SrtcpIndexOffsetFromEnd));
        bool encrypted = (indexWord & SrtpTransform.SrtcpEncryptedFlag) != 0;
        uint srtcpIndex = indexWord & SrtpTransform.SrtcpIndexMask;
        uint ssrc = SrtpPacketHeaders.RtcpSsrc(srtcpPacket);

        int slot = rtcpReceivers.Find(ssrc);
        if (slot >= 0)
        {
            SrtpStatus replay = rtcpReceivers.StateAt(slot).Check(srtcpIndex);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }
        else if (rtcpReceivers.IsFull)
        {
            return SrtpStatus.TooManySsrcs;
        }

        if (!rtcpTransform.UnprotectRtcp(srtcpPacket, destination, ssrc, srtcpIndex, encrypted))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (slot >= 0)
        {
            rtcpReceivers.StateAt(slot).Accept(srtcpIndex);
        }
        else
        {
            rtcpReceivers.Add(ssrc, ReplayWindow.StartingAt(srtcpIndex));
        }

        bytesWritten = rtcpLength;
        return SrtpStatus.Ok;
    }
}
