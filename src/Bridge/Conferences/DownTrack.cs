using System.Buffers.Binary;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One source as one subscriber receives it: the subscriber's SSRC, payload types and
/// extension ids, and a sequence-number offset so the stream it sees is contiguous from its
/// first keyframe. Retransmits from the source's cache on NACK (RTX per RFC 4588 when negotiated).
/// </summary>
public sealed class DownTrack
{

    private readonly byte[] _extensionMap;
    private bool _waitingForKeyframe;
    private bool _started;
    private ushort _sequenceOffset;
    private ushort _nextSequence;
    private ushort _rtxSequence;

    public DownTrack(MediaSource source, ConferenceEndpoint subscriber, WebRtcTransport transport, uint ssrc, uint? rtxSsrc,
        NegotiatedCodec codec, RtpExtensionIds subscriberExtensions)
    {
        Source = source;
        Subscriber = subscriber;
        Transport = transport;
        Ssrc = ssrc;
        RtxSsrc = codec.RtxPayloadType is null ? null : rtxSsrc;
        Codec = codec;
        _extensionMap = source.Description.Extensions.BuildRewriteMap(subscriberExtensions);
        _waitingForKeyframe = source.Kind == TrackKind.Video;
        _nextSequence = (ushort)Random.Shared.Next(0, ushort.MaxValue);
        _rtxSequence = (ushort)Random.Shared.Next(0, ushort.MaxValue);
    }

    public MediaSource Source { get; }

    public ConferenceEndpoint Subscriber { get; }

    public WebRtcTransport Transport { get; }

    public uint Ssrc { get; }

    public uint? RtxSsrc { get; }

    public NegotiatedCodec Codec { get; }

    public bool IsWaitingForKeyframe => Volatile.Read(ref _waitingForKeyframe);

    /// <summary>
    /// Connected and still waiting for its first keyframe: a keyframe sent now would be forwarded. Before the
    /// subscriber connects, a keyframe would be dropped here and its request would hold back (rate limit) the
    /// one the connection makes.
    /// </summary>
    public bool NeedsKeyframe => IsWaitingForKeyframe && Transport.IsConnected;

    public long PacketsSent { get; private set; }

    public long Retransmissions { get; private set; }

    /// <summary>Forward one packet of the source (receive thread).</summary>
    public void Forward(ReadOnlySpan<byte> packet, in RtpHeader header, bool isKeyframeStart)
    {
        if (!Transport.IsConnected)
        {
            return;
        }

        if (_waitingForKeyframe)
        {
            // A decoder that starts on a delta frame shows garbage or nothing; wait for the keyframe
            // and ask for one (rate-limited per source).
            if (!isKeyframeStart)
            {
                Source.RequestKeyframe();
                return;
            }

            Volatile.Write(ref _waitingForKeyframe, false);
        }

        if (!_started)
        {
            _started = true;
            _sequenceOffset = (ushort)(_nextSequence - header.SequenceNumber);
        }

        var outgoingSequence = (ushort)(header.SequenceNumber + _sequenceOffset);
        if (RtpSequence.IsNewer(outgoingSequence, _nextSequence) || outgoingSequence == _nextSequence)
        {
            _nextSequence = (ushort)(outgoingSequence + 1);
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        packet.CopyTo(scratch);
        Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence);
        if (Transport.SendRtp(scratch, packet.Length))
        {
            PacketsSent++;
        }
    }

    /// <summary>Answer a NACK for an outgoing sequence number from the source's cache (RFC 4585 §6.2.1).</summary>
    public void Retransmit(ushort outgoingSequence)
    {
        if (!_started)
        {
            return;
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        var sourceSequence = (ushort)(outgoingSequence - _sequenceOffset);
        var length = Source.Cache.TryCopy(sourceSequence, scratch.AsSpan(0, scratch.Length - RtxPacket.OriginalSequenceSize));
        if (length == 0 || !RtpHeader.TryParse(scratch.AsSpan(0, length), out var header))
        {
            return;
        }

        if (RtxSsrc is { } rtxSsrc && Codec.RtxPayloadType is { } rtxPayloadType)
        {
            // RFC 4588 §4: the RTX payload is the original sequence number, then the original payload.
            length = RtxPacket.Wrap(scratch, length, header, outgoingSequence);
            Rewrite(scratch, header, rtxSsrc, (byte)rtxPayloadType, _rtxSequence++);
        }
        else
        {
            Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence);
        }

        if (Transport.SendRtp(scratch, length))
        {
            Retransmissions++;
            Source.Recovery.OnRetransmitted();
        }
    }

    /// <summary>Send the publisher's SR with this track's SSRC; report blocks are the publisher's own business.</summary>
    public void ForwardSenderReport(ReadOnlySpan<byte> senderReport)
    {
        // RFC 3550 §6.4.1: header (4) + SSRC (4) + sender info (20). Report blocks are dropped (RC = 0).
        const int SenderReportWithoutBlocks = 28;
        if (!_started || senderReport.Length < SenderReportWithoutBlocks)
        {
            return;
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        senderReport[..SenderReportWithoutBlocks].CopyTo(scratch);
        scratch[0] = (byte)(scratch[0] & 0xE0);
        BinaryPrimitives.WriteUInt16BigEndian(scratch.AsSpan(2), SenderReportWithoutBlocks / 4 - 1);
        BinaryPrimitives.WriteUInt32BigEndian(scratch.AsSpan(4), Ssrc);
        Transport.SendRtcp(scratch, SenderReportWithoutBlocks);
    }

    private void Rewrite(Span<byte> packet, in RtpHeader header, uint ssrc, byte payloadType, ushort sequence)
    {
        RtpWriter.SetSsrc(packet, ssrc);
        RtpWriter.SetPayloadType(packet, payloadType);
        RtpWriter.SetSequenceNumber(packet, sequence);
        if (header.HasExtension)
        {
            RtpHeaderExtensions.RewriteIds(packet, header, _extensionMap);
        }
    }
}
