using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One source as one subscriber receives it: one layer of it at a time (the allocator sets the target; the
/// switch happens on a keyframe of the target layer), rewritten into one continuous stream with the
/// subscriber's SSRC, payload types and extension ids. Retransmits from the source's cache on NACK (RTX per
/// RFC 4588 when negotiated), through the record of what it sent.
/// </summary>
public sealed partial class DownTrack
{
    private readonly byte[] _extensionMap;
    private readonly ForwardedPacketHistory? _history;
    private readonly TimeProvider _time;
    private readonly bool _rewritesVp8;
    private int _targetLayer;
    private int _currentLayer = -1;
    private bool _started;
    private StreamRewrite _rewrite;
    private ushort _nextSequence;
    private int _rtxSequence;
    private uint _lastTimestamp;
    private long _lastSentAt;
    private int _lastPictureId = -1;
    private byte _lastTl0PicIdx;
    private long _layerSwitches;
    private LayerConstraints _constraints = LayerConstraints.Automatic;
    private readonly long[] _targetChanges = new long[Enum.GetValues<LayerChangeReason>().Length];

    public DownTrack(MediaSource source, ConferenceEndpoint subscriber, WebRtcTransport transport, uint ssrc, uint? rtxSsrc,
        NegotiatedCodec codec, RtpExtensionIds subscriberExtensions)
    {
        Source = source;
        Subscriber = subscriber;
        Transport = transport;
        Ssrc = ssrc;
        RtxSsrc = codec.RtxPayloadType is null ? null : rtxSsrc;
        Codec = codec;
        _time = source.Time;
        _extensionMap = source.Description.Extensions.BuildRewriteMap(subscriberExtensions);
        _history = source.Kind == TrackKind.Video ? new ForwardedPacketHistory() : null;
        _rewritesVp8 = source.IsSimulcast && source.VideoCodec == VideoCodec.Vp8;
        _targetLayer = source.Layers.Length - 1;
        _nextSequence = (ushort)Random.Shared.Next(0, ushort.MaxValue);
        _rtxSequence = Random.Shared.Next(0, ushort.MaxValue);
    }

    public MediaSource Source { get; }

    public ConferenceEndpoint Subscriber { get; }

    public WebRtcTransport Transport { get; }

    public uint Ssrc { get; }

    public uint? RtxSsrc { get; }

    public NegotiatedCodec Codec { get; }

    /// <summary>The layer index being forwarded; -1 before the first (video waits for a keyframe).</summary>
    public int CurrentLayer => Volatile.Read(ref _currentLayer);

    /// <summary>What the viewer asked of this track (pinned layer, cap); the allocator reads it.</summary>
    public LayerConstraints Constraints
    {
        get => Volatile.Read(ref _constraints);
        set => Volatile.Write(ref _constraints, value);
    }

    /// <summary>The constraints the allocator last allocated under (a change since is the viewer's request).</summary>
    public LayerConstraints AllocatedConstraints { get; set; } = LayerConstraints.Automatic;

    /// <summary>Target changes the allocator made, by reason.</summary>
    public long TargetChanges(LayerChangeReason reason) => Interlocked.Read(ref _targetChanges[(int)reason]);

    /// <summary>Count a target change (allocation tick).</summary>
    public void OnTargetChanged(LayerChangeReason reason) => Interlocked.Increment(ref _targetChanges[(int)reason]);

    /// <summary>The allocator's memory of this track's switches (upgrade hold times).</summary>
    public LayerHysteresis Hysteresis { get; } = new();

    /// <summary>The layer index the allocator wants, -1 for paused; the track switches to it on its next keyframe.</summary>
    public int TargetLayer => Volatile.Read(ref _targetLayer);

    /// <summary>Switches between layers so far (the first layer is not a switch).</summary>
    public long LayerSwitches => Interlocked.Read(ref _layerSwitches);

    public bool IsWaitingForKeyframe => CurrentLayer < 0 && Source.Kind == TrackKind.Video;

    /// <summary>
    /// Connected and still waiting for its first keyframe: a keyframe sent now would be forwarded. Before the
    /// subscriber connects, a keyframe would be dropped here and its request would hold back (rate limit) the
    /// one the connection makes.
    /// </summary>
    public bool NeedsKeyframe => IsWaitingForKeyframe && TargetLayer >= 0 && Transport.IsConnected;

    public long PacketsSent { get; private set; }

    public long Retransmissions { get; private set; }

    /// <summary>Set the layer to forward, -1 to pause (allocation, off the packet path); out-of-range values are clamped.</summary>
    public void SetTargetLayer(int layer) => Volatile.Write(ref _targetLayer, Math.Clamp(layer, -1, Source.Layers.Length - 1));

    /// <summary>The viewer lost its picture (PLI/FIR): ask for a keyframe of what it receives or is about to.</summary>
    public void RequestKeyframe()
    {
        var layer = CurrentLayer >= 0 ? CurrentLayer : TargetLayer;
        if (layer >= 0)
        {
            Source.RequestKeyframe(Source.Layers[layer]);
        }
    }

    /// <summary>Forward one packet of the source (receive thread): drop it, switch onto its layer, or pass it.</summary>
    public void Forward(SourceLayer layer, ReadOnlySpan<byte> packet, in RtpHeader header, bool isKeyframeStart)
    {
        if (!Transport.IsConnected)
        {
            return;
        }

        var target = Volatile.Read(ref _targetLayer);
        if (target < 0)
        {
            // Paused: the next start is a switch, on a keyframe, continuing the numbering.
            _currentLayer = -1;
            return;
        }

        if (layer.Index != _currentLayer)
        {
            if (layer.Index != target)
            {
                return;
            }

            if (Source.Kind == TrackKind.Video && !isKeyframeStart)
            {
                // A decoder that starts (or switches) on a delta frame shows garbage or nothing: wait for the
                // target layer's keyframe and ask for one (rate-limited per source).
                Source.RequestKeyframe(layer);
                return;
            }

            SwitchTo(layer, packet, header);
        }

        var rewrite = _rewrite;
        var outgoingSequence = (ushort)(header.SequenceNumber + rewrite.SequenceOffset);
        if (RtpSequence.IsNewer(outgoingSequence, _nextSequence) || outgoingSequence == _nextSequence)
        {
            _nextSequence = (ushort)(outgoingSequence + 1);
        }

        var outgoingTimestamp = header.Timestamp + rewrite.TimestampOffset;
        if ((int)(outgoingTimestamp - _lastTimestamp) > 0 || PacketsSent == 0)
        {
            _lastTimestamp = outgoingTimestamp;
        }

        _history?.Record(outgoingSequence, layer.Index, header.SequenceNumber, rewrite);
        var scratch = ScratchBuffer.ForCurrentThread();
        packet.CopyTo(scratch);
        Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence, outgoingTimestamp);
        if (_rewritesVp8)
        {
            RewriteVp8(scratch.AsSpan(header.PayloadOffset, header.PayloadLength), rewrite, track: true);
        }

        _lastSentAt = _time.GetTimestamp();
        var length = Subscriber.Bandwidth.Stamp(scratch, packet.Length, header);
        if (Transport.SendRtp(scratch, length))
        {
            PacketsSent++;
        }
    }

    /// <summary>
    /// Start forwarding <paramref name="layer"/> at this packet (its keyframe, or any audio packet): new offsets
    /// continue the viewer's sequence numbers, timestamps (by the time since the last packet sent) and VP8
    /// picture ids from where the previous layer left them.
    /// </summary>
    private void SwitchTo(SourceLayer layer, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        var sequenceOffset = (ushort)(_nextSequence - header.SequenceNumber);
        if (!_started)
        {
            // The first layer keeps the publisher's timestamps and picture ids: nothing to continue yet.
            _started = true;
            _rewrite = new StreamRewrite(sequenceOffset, 0, 0, 0);
            Volatile.Write(ref _currentLayer, layer.Index);
            return;
        }

        var elapsed = _time.GetElapsedTime(_lastSentAt);
        var ticks = Math.Max(1u, (uint)(elapsed.TotalSeconds * Codec.ClockRate));
        var timestampOffset = _lastTimestamp + ticks - header.Timestamp;
        var pictureIdOffset = 0;
        byte tl0Offset = 0;
        if (_rewritesVp8 && header.PayloadLength > 0
            && Vp8PayloadDescriptor.TryParse(packet.Slice(header.PayloadOffset, header.PayloadLength), out Vp8PayloadDescriptor descriptor))
        {
            var mask = descriptor.HasLongPictureId ? Vp8PayloadDescriptor.LongPictureIdMask : Vp8PayloadDescriptor.ShortPictureIdMask;
            pictureIdOffset = _lastPictureId < 0 ? 0 : (_lastPictureId + 1 - descriptor.PictureId) & mask;
            tl0Offset = (byte)(_lastTl0PicIdx + 1 - descriptor.Tl0PicIdx);
        }

        _rewrite = new StreamRewrite(sequenceOffset, timestampOffset, pictureIdOffset, tl0Offset);
        Volatile.Write(ref _currentLayer, layer.Index);
        Interlocked.Increment(ref _layerSwitches);
    }

    /// <summary>Apply the VP8 offsets in place; with <paramref name="track"/>, remember the newest ids sent.</summary>
    private void RewriteVp8(Span<byte> payload, in StreamRewrite rewrite, bool track)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || !descriptor.HasPictureId)
        {
            return;
        }

        var mask = descriptor.HasLongPictureId ? Vp8PayloadDescriptor.LongPictureIdMask : Vp8PayloadDescriptor.ShortPictureIdMask;
        var pictureId = (descriptor.PictureId + rewrite.PictureIdOffset) & mask;
        var tl0PicIdx = (byte)(descriptor.Tl0PicIdx + rewrite.Tl0PicIdxOffset);
        if (rewrite.RewritesVp8)
        {
            Vp8PayloadDescriptor.TryRewrite(payload, pictureId, tl0PicIdx);
        }

        if (track && (_lastPictureId < 0 || ((pictureId - _lastPictureId) & mask) < (mask + 1) / 2))
        {
            _lastPictureId = pictureId;
            _lastTl0PicIdx = tl0PicIdx;
        }
    }

    private void Rewrite(Span<byte> packet, in RtpHeader header, uint ssrc, byte payloadType, ushort sequence, uint timestamp)
    {
        RtpWriter.SetSsrc(packet, ssrc);
        RtpWriter.SetPayloadType(packet, payloadType);
        RtpWriter.SetSequenceNumber(packet, sequence);
        RtpWriter.SetTimestamp(packet, timestamp);
        if (header.HasExtension)
        {
            RtpHeaderExtensions.RewriteIds(packet, header, _extensionMap);
        }
    }
}
