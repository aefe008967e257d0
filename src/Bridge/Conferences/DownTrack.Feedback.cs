using System.Buffers.Binary;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>Retransmission and sender reports, through the rewrite the track applied when it sent.</summary>
public sealed partial class DownTrack
{
    /// <summary>
    /// Answer a NACK for an outgoing sequence number from the source's cache (RFC 4585 §6.2.1), unless the repair is
    /// of no use to the viewer: a packet sent before the last keyframe (RFC 6386 §9.1: a keyframe refers to nothing
    /// before it, and receivers drop what precedes one) or before a keyframe request still unanswered, of a stream or a temporal layer it no longer receives (what it
    /// decodes from now on starts at a keyframe or a switching point and refers to nothing of it), or one repaired
    /// less than a round trip ago. On a congested downlink those repairs would take the room the new layer needs.
    /// </summary>
    public void Retransmit(ushort outgoingSequence)
    {
        Interlocked.Exchange(ref _lastRepairRequestAt, _time.GetTimestamp());
        if (!_started)
        {
            return;
        }

        SentPacket sent;
        if (_history is not null)
        {
            if (!_history.TryFind(outgoingSequence, out sent))
            {
                return;
            }

            if (sent.SpatialId > _subLayers.CurrentSpatial && sent.Layer == CurrentLayer && !IsBeforeLastKeyframe(outgoingSequence))
            {
                // A spatial layer dropped since: libwebrtc asks for such a packet once (its NACK list is cleared as soon
                // as a later base-layer frame is complete) but decodes a picture only whole, so if this one repair is lost
                // the base layer waits on it until the viewer's own keyframe request, 3 s later. Restart at a keyframe.
                RequestKeyframe();
            }

            if (!IsWorthRepairing(outgoingSequence, sent))
            {
                Interlocked.Increment(ref _repairsSkipped);
                return;
            }
        }
        else
        {
            // Audio has one layer and keeps its offsets for its whole life.
            sent = new SentPacket(CurrentLayer, 0, 0, (ushort)(outgoingSequence - _rewrite.SequenceOffset), _rewrite, Vp8Ids.None, MarkerAdded: false);
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        var cache = Source.Layers[sent.Layer].Cache;
        var length = cache.TryCopy(sent.SourceSequence, scratch.AsSpan(0, scratch.Length - RtxPacket.OriginalSequenceSize));
        if (length == 0 || !RtpHeader.TryParse(scratch.AsSpan(0, length), out var header))
        {
            return;
        }

        var timestamp = header.Timestamp + sent.Rewrite.TimestampOffset;
        if (sent.Vp8Ids.PictureId >= 0)
        {
            Vp8PayloadDescriptor.TryRewrite(scratch.AsSpan(header.PayloadOffset, header.PayloadLength), sent.Vp8Ids.PictureId, sent.Vp8Ids.Tl0PicIdx);
        }

        if (sent.MarkerAdded)
        {
            // The repair ends the picture as the packet did (RFC 4588 §4: an RTX packet's marker is the original's): a
            // receiver that assembles pictures up to the marker would otherwise wait for the rest of the picture forever.
            RtpWriter.SetMarker(scratch, true);
        }

        if (RtxSsrc is { } rtxSsrc && Codec.RtxPayloadType is { } rtxPayloadType)
        {
            // RFC 4588 §4: the RTX payload is the original sequence number, then the original payload.
            length = RtxPacket.Wrap(scratch, length, header, outgoingSequence);
            Rewrite(scratch, header, rtxSsrc, (byte)rtxPayloadType, NextRtxSequence(), timestamp);
        }
        else
        {
            Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence, timestamp);
        }

        length = Subscriber.Bandwidth.Stamp(scratch, length, header);
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
        const int NtpOffset = 8;
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
        // The viewer echoes the middle 32 bits of the NTP timestamp as LSR: the round trip (RoundTripMeter).
        var ntpMiddle = BinaryPrimitives.ReadUInt32BigEndian(scratch.AsSpan(NtpOffset + 2));
        if (Transport.SendRtcp(scratch, SenderReportWithoutBlocks))
        {
            Subscriber.Bandwidth.RoundTrip.OnSenderReportSent(ntpMiddle);
        }
    }

    /// <summary>
    /// A padding-only packet of <paramref name="size"/> bytes on the repair stream (RFC 4588 with RFC 3550 §5.1
    /// padding, as Chrome probes): bandwidth probe <paramref name="probeCluster"/>, which the viewer's decoder never
    /// sees. False when this track has no repair stream or is not sending yet.
    /// </summary>
    public bool SendPadding(int size, int probeCluster)
    {
        const int MaxPadding = 255;
        if (!_started || RtxSsrc is not { } rtxSsrc || Codec.RtxPayloadType is not { } rtxPayloadType || !Transport.IsConnected)
        {
            return false;
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        var headerLength = RtpWriter.WriteHeader(scratch, (byte)rtxPayloadType, NextRtxSequence(), Volatile.Read(ref _lastTimestamp), rtxSsrc, marker: false);
        var padding = Math.Clamp(size - headerLength - TransportSequenceNumber.MaxGrowth, 1, MaxPadding);
        scratch.AsSpan(headerLength, padding - 1).Clear();
        scratch[headerLength + padding - 1] = (byte)padding;
        scratch[0] |= 0x20;
        var length = headerLength + padding;
        if (!RtpHeader.TryParse(scratch.AsSpan(0, length), out var header))
        {
            return false;
        }

        length = Subscriber.Bandwidth.Stamp(scratch, length, header, probeCluster);
        return Transport.SendRtp(scratch, length);
    }

    /// <summary>
    /// Of the stream the viewer receives now, not sent before the last keyframe forwarded, not of a temporal layer above
    /// what it gets now, and not repaired within the last round trip. A spatial layer above stays worth repairing: the
    /// receiver decodes a picture only whole, up to its marker bit (RFC 9628 §4.1), and the base layer forwarded from
    /// now on refers to the pictures sent whole before.
    /// </summary>
    private bool IsWorthRepairing(ushort outgoingSequence, in SentPacket sent)
    {
        if (sent.Layer != CurrentLayer || IsBeforeLastKeyframe(outgoingSequence) || IsBeforeAwaitedKeyframe(outgoingSequence)
            || sent.TemporalId > _subLayers.CurrentTemporal)
        {
            return false;
        }

        var interval = (long)(Subscriber.Bandwidth.RoundTrip.RoundTrip.TotalSeconds * _time.TimestampFrequency);
        return _history!.TryMarkRetransmitted(outgoingSequence, _time.GetTimestamp(), interval);
    }

    /// <summary>Sent before the newest keyframe this track forwarded, while that keyframe is within the history.</summary>
    private bool IsBeforeLastKeyframe(ushort outgoingSequence) =>
        KeyframesForwarded != 0 && (ushort)(_nextSequence - _keyframeSequence) < ForwardedPacketHistory.Slots
        && RtpSequence.IsNewer(_keyframeSequence, outgoingSequence);

    /// <summary>Sent before the keyframe request still unanswered, while that request is within the history.</summary>
    private bool IsBeforeAwaitedKeyframe(ushort outgoingSequence)
    {
        var awaitedFrom = Volatile.Read(ref _awaitedKeyframeFrom);
        return awaitedFrom != NoKeyframeAwaited && (ushort)(_nextSequence - awaitedFrom) < ForwardedPacketHistory.Slots
            && RtpSequence.IsNewer((ushort)awaitedFrom, outgoingSequence);
    }

    private const int NoKeyframeAwaited = -1;

    private ushort NextRtxSequence() => (ushort)Interlocked.Increment(ref _rtxSequence);
}
