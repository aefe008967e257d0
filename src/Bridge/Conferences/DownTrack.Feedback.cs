using System.Buffers.Binary;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences;

/// <summary>Retransmission and sender reports, through the rewrite the track applied when it sent.</summary>
public sealed partial class DownTrack
{
    /// <summary>Answer a NACK for an outgoing sequence number from the source's cache (RFC 4585 §6.2.1).</summary>
    public void Retransmit(ushort outgoingSequence)
    {
        if (!_started)
        {
            return;
        }

        int layerIndex;
        ushort sourceSequence;
        StreamRewrite rewrite;
        if (_history is not null)
        {
            if (!_history.TryFind(outgoingSequence, out layerIndex, out sourceSequence, out rewrite))
            {
                return;
            }
        }
        else
        {
            // Audio has one layer and keeps its offsets for its whole life.
            layerIndex = CurrentLayer;
            rewrite = _rewrite;
            sourceSequence = (ushort)(outgoingSequence - rewrite.SequenceOffset);
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        var cache = Source.Layers[layerIndex].Cache;
        var length = cache.TryCopy(sourceSequence, scratch.AsSpan(0, scratch.Length - RtxPacket.OriginalSequenceSize));
        if (length == 0 || !RtpHeader.TryParse(scratch.AsSpan(0, length), out var header))
        {
            return;
        }

        var timestamp = header.Timestamp + rewrite.TimestampOffset;
        if (_rewritesVp8)
        {
            RewriteVp8(scratch.AsSpan(header.PayloadOffset, header.PayloadLength), rewrite, track: false);
        }

        if (RtxSsrc is { } rtxSsrc && Codec.RtxPayloadType is { } rtxPayloadType)
        {
            // RFC 4588 §4: the RTX payload is the original sequence number, then the original payload.
            length = RtxPacket.Wrap(scratch, length, header, outgoingSequence);
            Rewrite(scratch, header, rtxSsrc, (byte)rtxPayloadType, _rtxSequence++, timestamp);
        }
        else
        {
            Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence, timestamp);
        }

        if (Transport.SendRtp(scratch, length))
        {
            Retransmissions++;
            Source.Recovery.OnRetransmitted();
        }
    }

    /// <summary>
    /// Send the SR of the layer being forwarded with this track's SSRC and its RTP time through the rewrite, so
    /// the viewer's NTP-to-RTP mapping (lip sync, RFC 3550 §6.4.1) holds across switches. Report blocks are the
    /// publisher's own business.
    /// </summary>
    public void ForwardSenderReport(SourceLayer layer, ReadOnlySpan<byte> senderReport)
    {
        // RFC 3550 §6.4.1: header (4) + SSRC (4) + NTP (8) + RTP timestamp (4) + counts (8). RC = 0.
        const int SenderReportWithoutBlocks = 28;
        const int RtpTimestampOffset = 16;
        if (!_started || layer.Index != CurrentLayer || senderReport.Length < SenderReportWithoutBlocks)
        {
            return;
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        senderReport[..SenderReportWithoutBlocks].CopyTo(scratch);
        scratch[0] = (byte)(scratch[0] & 0xE0);
        BinaryPrimitives.WriteUInt16BigEndian(scratch.AsSpan(2), SenderReportWithoutBlocks / 4 - 1);
        BinaryPrimitives.WriteUInt32BigEndian(scratch.AsSpan(4), Ssrc);
        var rtpTime = BinaryPrimitives.ReadUInt32BigEndian(scratch.AsSpan(RtpTimestampOffset));
        BinaryPrimitives.WriteUInt32BigEndian(scratch.AsSpan(RtpTimestampOffset), rtpTime + _rewrite.TimestampOffset);
        Transport.SendRtcp(scratch, SenderReportWithoutBlocks);
    }
}
