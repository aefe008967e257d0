using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One source as one subscriber receives it: one layer of it at a time (the allocator sets the target; the
/// switch happens on a keyframe of the target layer), thinned to the spatial and temporal layers inside it
/// that the allocator chose (<see cref="SubLayerSelection"/>), rewritten into one continuous stream with the
/// subscriber's SSRC, payload types and extension ids: sequence numbers and VP8 picture ids close up over what
/// was dropped, and a VP9 picture cut short of its top spatial layers ends with the marker bit (RFC 9628 §4.1).
/// Retransmits from the source's cache on NACK (RTX per RFC 4588 when negotiated), through the record of what it sent.
/// </summary>
public sealed partial class DownTrack
{
    private readonly byte[] _extensionMap;
    private readonly ForwardedPacketHistory? _history;
    private readonly TimeProvider _time;
    private const int PictureIdWindow = 128;
    private const int RejectedPicture = -2;
    private readonly bool _isVp8;
    private readonly GaplessNumbering? _sequenceNumbering;
    private readonly GaplessNumbering? _pictureNumbering;
    private readonly SubLayerSelection _subLayers = new();
    private int _pictureIdBits;
    private long _layerDrops;
    private long _repairsSkipped;
    private int _targetLayer;
    private int _currentLayer = -1;
    private bool _started;
    private StreamRewrite _rewrite;
    private ushort _nextSequence;
    private ushort _keyframeSequence;
    private uint _keyframeTimestamp;
    private int _awaitedKeyframeFrom = NoKeyframeAwaited; // the first sequence number after a keyframe request, until one is forwarded
    private long _keyframesForwarded;
    private int _rtxSequence;
    private uint _lastTimestamp;
    private long _lastSentAt;
    private long _lastRepairRequestAt;
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
        _isVp8 = source.Kind == TrackKind.Video && source.VideoCodec == VideoCodec.Vp8;
        if (source.Kind == TrackKind.Video && source.VideoCodec is VideoCodec.Vp8 or VideoCodec.Vp9)
        {
            _sequenceNumbering = new GaplessNumbering(ForwardedPacketHistory.Slots);
            _pictureNumbering = _isVp8 ? new GaplessNumbering(PictureIdWindow) : null;
        }
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

    /// <summary>The same for the spatial layers inside the stream (VP9 SVC).</summary>
    public LayerHysteresis SpatialHysteresis { get; } = new();

    /// <summary>The same for the temporal layers inside the stream, with shorter holds.</summary>
    public LayerHysteresis TemporalHysteresis { get; } = new(LayerHysteresis.TemporalInitialHold, LayerHysteresis.TemporalMaxHold);

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

    /// <summary>The highest spatial layer id (VP9 SVC) the allocator wants forwarded inside the current layer.</summary>
    public int TargetSpatialLayer => _subLayers.TargetSpatial;

    /// <summary>The highest temporal layer id the allocator wants forwarded inside the current layer.</summary>
    public int TargetTemporalLayer => _subLayers.TargetTemporal;

    /// <summary>The highest spatial layer id forwarded now (3 = all).</summary>
    public int CurrentSpatialLayer => _subLayers.CurrentSpatial;

    /// <summary>The highest temporal layer id forwarded now (3 = all).</summary>
    public int CurrentTemporalLayer => _subLayers.CurrentTemporal;

    /// <summary>Packets left out because their spatial or temporal layer is above what this viewer gets.</summary>
    public long LayerDrops => Interlocked.Read(ref _layerDrops);

    /// <summary>Keyframes this track forwarded (the first, each layer switch, and each the publisher sent on request).</summary>
    public long KeyframesForwarded => Interlocked.Read(ref _keyframesForwarded);

    /// <summary>
    /// Whether the viewer asked for a repair (NACK) since <paramref name="since"/>, a <see cref="TimeProvider"/> timestamp:
    /// what it decodes may still wait on one.
    /// </summary>
    public bool RequestedRepairSince(long since) => Interlocked.Read(ref _lastRepairRequestAt) is var last and not 0 && last >= since;

    /// <summary>NACKed packets not sent again: sent before the last keyframe, of a layer the viewer no longer receives, or repaired within a round trip.</summary>
    public long RepairsSkipped => Interlocked.Read(ref _repairsSkipped);

    public long PacketsSent { get; private set; }

    public long Retransmissions { get; private set; }

    /// <summary>Set the layer to forward, -1 to pause (allocation, off the packet path); out-of-range values are clamped.</summary>
    public void SetTargetLayer(int layer) => Volatile.Write(ref _targetLayer, Math.Clamp(layer, -1, Source.Layers.Length - 1));

    /// <summary>Set the highest spatial and temporal layer ids to forward inside the layer (allocation); 3 means all.</summary>
    public void SetTargetSubLayers(int spatial, int temporal) => _subLayers.SetTarget(spatial, temporal);

    /// <summary>
    /// The viewer lost its picture (PLI/FIR), or a lossy thinning restarts it: ask for a keyframe of what it receives or is
    /// about to. What was sent before is from then on not worth repairing (<see cref="IsWorthRepairing"/>): the keyframe
    /// replaces it, and on a congested downlink those repairs would queue ahead of it.
    /// </summary>
    public void RequestKeyframe()
    {
        var layer = CurrentLayer >= 0 ? CurrentLayer : TargetLayer;
        if (layer >= 0)
        {
            Volatile.Write(ref _awaitedKeyframeFrom, _nextSequence);
            Source.RequestKeyframe(Source.Layers[layer]);
        }
    }

    /// <summary>Forward one packet of the source (receive thread): drop it, switch onto its layer, or pass it.</summary>
    public void Forward(SourceLayer layer, ReadOnlySpan<byte> packet, in RtpHeader header, in LayerPosition position, bool isKeyframeStart)
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

            SwitchTo(layer, header, position);
        }

        if (!_subLayers.Accepts(position, isKeyframeStart, Source.VideoCodec.GetValueOrDefault()))
        {
            DropSubLayerPacket(header, position);
            return;
        }

        if (_subLayers.WaitsForKeyframe)
        {
            Source.RequestKeyframe(layer);
        }

        var pictureId = NumberPicture(position);
        var sequence = _sequenceNumbering?.Forward(header.SequenceNumber) ?? header.SequenceNumber;
        if (sequence < 0 || pictureId == RejectedPicture)
        {
            // Older than what the renumbering remembers, or a late packet of a picture left out: its place is gone.
            Interlocked.Increment(ref _layerDrops);
            return;
        }

        var rewrite = _rewrite;
        var outgoingSequence = (ushort)(sequence + rewrite.SequenceOffset);
        if (RtpSequence.IsNewer(outgoingSequence, _nextSequence) || outgoingSequence == _nextSequence)
        {
            _nextSequence = (ushort)(outgoingSequence + 1);
        }

        var outgoingTimestamp = header.Timestamp + rewrite.TimestampOffset;
        if ((int)(outgoingTimestamp - _lastTimestamp) > 0 || PacketsSent == 0)
        {
            _lastTimestamp = outgoingTimestamp;
        }

        var scratch = ScratchBuffer.ForCurrentThread();
        packet.CopyTo(scratch);
        Rewrite(scratch, header, Ssrc, (byte)Codec.PayloadType, outgoingSequence, outgoingTimestamp);
        var vp8Ids = pictureId >= 0 ? RewriteVp8(scratch.AsSpan(header.PayloadOffset, header.PayloadLength), position, pictureId, rewrite) : Vp8Ids.None;
        // RFC 9628 §4.1: the marker ends the picture; here that is the end of the highest spatial layer forwarded.
        var addsMarker = position.HasLayers && position.EndsLayerFrame && position.SpatialId == _subLayers.CurrentSpatial && !header.Marker;
        if (addsMarker)
        {
            RtpWriter.SetMarker(scratch, true);
        }

        _history?.Record(outgoingSequence, new SentPacket(layer.Index, position.HasLayers ? position.SpatialId : 0,
            position.HasLayers ? position.TemporalId : 0, header.SequenceNumber, rewrite, vp8Ids, addsMarker));

        _lastSentAt = _time.GetTimestamp();
        var length = Subscriber.Bandwidth.Stamp(scratch, packet.Length, header);
        if (Transport.SendRtp(scratch, length))
        {
            PacketsSent++;
        }

        if (isKeyframeStart && (KeyframesForwarded == 0 || outgoingTimestamp != _keyframeTimestamp))
        {
            // The first packet of the keyframe's picture: an H.264 IDR picture starts again at each slice and its SPS.
            _keyframeSequence = outgoingSequence;
            _keyframeTimestamp = outgoingTimestamp;
            Volatile.Write(ref _awaitedKeyframeFrom, NoKeyframeAwaited);
            Interlocked.Increment(ref _keyframesForwarded);
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
