namespace OctoMesh.Media.Srtp;

/// <summary>SRTP: RTP packet protection (RFC 3711 §3.3, RFC 7714 §8).</summary>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts and authenticates one RTP packet into <paramref name="destination"/>, which needs
    /// <c>rtpPacket.Length + RtpOverhead</c> bytes and may be the packet's own buffer (in place).
    /// The ROC follows the sender's own sequence numbers: it increments when they wrap.
    /// </summary>
    public SrtpStatus ProtectRtp(ReadOnlySpan<byte> rtpPacket, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (rtpPacket.Length < SrtpPacketHeaders.RtpFixedHeaderLength)
        {
            return SrtpStatus.TooShort;
        }

        if (!SrtpPacketHeaders.TryGetRtpHeaderLength(rtpPacket, rtpPacket.Length, out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        int outputLength = rtpPacket.Length + rtpTransform.RtpOverhead;
        if (destination.Length < outputLength)
        {
            return SrtpStatus.DestinationTooSmall;
        }

        ThrowIfShiftedOverlap(rtpPacket, destination);
        uint ssrc = SrtpPacketHeaders.RtpSsrc(rtpPacket);
        ushort sequenceNumber = SrtpPacketHeaders.RtpSequenceNumber(rtpPacket);
        int slot = rtpSenders.Find(ssrc);
        if (slot < 0)
        {
            if (rtpSenders.IsFull)
            {
                return SrtpStatus.TooManySsrcs;
            }

            // RFC 3711 §3.3.1: a new stream starts with ROC 0.
            slot = rtpSenders.Add(ssrc, sequenceNumber);
        }

        ref ulong highestIndex = ref rtpSenders.StateAt(slot);
        ulong index = SrtpIndexEstimator.Estimate(highestIndex, sequenceNumber);
        if (index > highestIndex)
        {
            highestIndex = index;
        }

        rtpTransform.ProtectRtp(rtpPacket, destination, headerLength, ssrc, index);
        bytesWritten = outputLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies, replay-checks and decrypts one SRTP packet into <paramref name="destination"/>
    /// (<c>srtpPacket.Length - RtpOverhead</c> bytes; may be the packet's own buffer). A packet that
    /// fails authentication changes no state: neither the replay window nor the SSRC table.
    /// On any failure the destination's content is unspecified (AES-GCM zeroes what it wrote).
    /// </summary>
    public SrtpStatus UnprotectRtp(ReadOnlySpan<byte> srtpPacket, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int tagLength = rtpTransform.RtpOverhead;
        if (srtpPacket.Length < SrtpPacketHeaders.RtpFixedHeaderLength + tagLength)
        {
            return SrtpStatus.TooShort;
        }

        int rtpLength = srtpPacket.Length - tagLength;
        if (!SrtpPacketHeaders.TryGetRtpHeaderLength(srtpPacket, rtpLength, out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        if (destination.Length < rtpLength)
        {
            return SrtpStatus.DestinationTooSmall;
        }

        ThrowIfShiftedOverlap(srtpPacket, destination);
        uint ssrc = SrtpPacketHeaders.RtpSsrc(srtpPacket);
        ushort sequenceNumber = SrtpPacketHeaders.RtpSequenceNumber(srtpPacket);
        int slot = rtpReceivers.Find(ssrc);
        ulong index;
        if (slot >= 0)
        {
            // RFC 3711 §3.3 steps 2-3: estimate the index, then check it against the replay list.
            index = SrtpIndexEstimator.Estimate(rtpReceivers.StateAt(slot).HighestIndex, sequenceNumber);
            SrtpStatus replay = rtpReceivers.StateAt(slot).Check(index);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }
        else
        {
            if (rtpReceivers.IsFull)
            {
                return SrtpStatus.TooManySsrcs;
            }

            // RFC 3711 §3.3.1: the first packet of a stream sets s_l, with ROC 0.
            index = sequenceNumber;
        }

        if (!rtpTransform.UnprotectRtp(srtpPacket, destination, headerLength, ssrc, index))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        // RFC 3711 §3.3 step 7: update ROC, highest index and replay list only once authenticated.
        if (slot >= 0)
        {
            rtpReceivers.StateAt(slot).Accept(index);
        }
        else
        {
            rtpReceivers.Add(ssrc, ReplayWindow.StartingAt(index));
        }

        bytesWritten = rtpLength;
        return SrtpStatus.Ok;
    }
}
