using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One published track (an m-line of a publisher's offer): its layers (one RTP stream each: the simulcast
/// encodings, or the only stream), and the subscribers it fans out to. Packets arrive on the media receive
/// thread; the subscriber list is copy-on-write so the hot path never locks.
/// </summary>
public sealed partial class MediaSource : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly SourceLayer[] _layers;
    private DownTrack[] _downTracks = [];
    private IRelaySink[] _relaySinks = [];
    private readonly bool _asksForLost;
    private readonly int _audioLevelId;
    private readonly Speakers.SpeechActivity? _speech;
    private bool _subscribedAtOrigin;

    public MediaSource(ConferenceEndpoint publisher, SourceDescription description, BufferAccounting accounting, TimeProvider time,
        LossRecoveryCounters? recovery = null)
    {
        Publisher = publisher;
        Recovery = recovery ?? new LossRecoveryCounters();
        Description = description;
        _time = time;
        VideoCodec = ToVideoCodec(description.Codec.Name);
        Id = $"{publisher.Id}/{description.Mid}";
        var layers = description.Layers;
        _layers = new SourceLayer[Math.Min(layers.Count, MaxLayers)];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new SourceLayer(this, i, layers[i], accounting, time);
        }

        // A relayed speaker's levels come from its bridge in batches (SpeechLevels), not from the audio relayed here.
        _audioLevelId = description.Kind == TrackKind.Audio && publisher.IsLocal ? description.Extensions[RtpExtensionIds.AudioLevelUri] : 0;
        _speech = _audioLevelId != 0 ? publisher.Conference.Speakers.ActivityOf(publisher.Id) : null;

        // A relayed source asks its origin; a local publisher only when it can answer (RTX negotiated; its
        // repair SSRCs come from the SDP or, for rid simulcast, from the first packets carrying the repaired rid).
        _asksForLost = publisher.RelayUplink is not null
            || (description.Codec.RtxPayloadType is not null && (description.RtxSsrc is not null || description.Simulcast.Count > 0));
    }

    /// <summary>The most layers a source keeps (RFC 8853 puts no limit; browsers send at most 3 or 4).</summary>
    public const int MaxLayers = 8;

    public string Id { get; }

    public ConferenceEndpoint Publisher { get; }

    /// <summary>The bridge's loss-recovery counters this source adds to.</summary>
    public LossRecoveryCounters Recovery { get; }

    public SourceDescription Description { get; }

    public TrackKind Kind => Description.Kind;

    public NegotiatedCodec Codec => Description.Codec;

    public VideoCodec? VideoCodec { get; }

    internal TimeProvider Time => _time;

    /// <summary>The layers in the publisher's order (one for a track without simulcast).</summary>
    public ReadOnlySpan<SourceLayer> Layers => _layers;

    public bool IsSimulcast => _layers.Length > 1;

    /// <summary>The SSRC naming this source on the mesh: the first layer's that is known; 0 before any.</summary>
    public uint Ssrc
    {
        get
        {
            foreach (var layer in _layers)
            {
                if (layer.Ssrc != 0)
                {
                    return layer.Ssrc;
                }
            }

            return 0;
        }
    }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    public ReadOnlySpan<DownTrack> DownTracks => Volatile.Read(ref _downTracks);

    public ReadOnlySpan<IRelaySink> RelaySinks => Volatile.Read(ref _relaySinks);

    /// <summary>True while the publisher sends any layer of this source.</summary>
    public bool IsActive
    {
        get
        {
            foreach (var layer in _layers)
            {
                if (layer.IsActive)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Local viewers plus remote bridges that receive this source.</summary>
    public bool IsWatched => DownTracks.Length > 0 || RelaySinks.Length > 0;

    /// <summary>The layer sending on <paramref name="ssrc"/>, or null (0 names no layer: it is what an unbound one holds).</summary>
    public SourceLayer? FindLayer(uint ssrc)
    {
        foreach (var layer in _layers)
        {
            if (layer.Ssrc == ssrc && ssrc != 0)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The layer whose repair (RTX) stream is <paramref name="ssrc"/>, or null.</summary>
    public SourceLayer? FindRepairedLayer(uint ssrc)
    {
        foreach (var layer in _layers)
        {
            if (layer.RtxSsrc == ssrc && ssrc != 0)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The layer announced with <paramref name="rid"/>, or null.</summary>
    public SourceLayer? FindLayerByRid(ReadOnlySpan<byte> rid)
    {
        foreach (var layer in _layers)
        {
            if (layer.Rid is { } name && RtpStreamIds.AreEqual(rid, name))
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The layer announced with <paramref name="rid"/> (a viewer's layer request), or null.</summary>
    public SourceLayer? FindLayerByRid(string rid)
    {
        foreach (var layer in _layers)
        {
            if (layer.Rid == rid)
            {
                return layer;
            }
        }

        return null;
    }

    public void AddDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = [.. _downTracks, downTrack];
        }

        SyncRelaySubscription();
    }

    public void RemoveDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = Array.FindAll(_downTracks, d => !ReferenceEquals(d, downTrack));
        }

        SyncRelaySubscription();
    }

    /// <summary>
    /// A relayed source: subscribe at the origin while this bridge has viewers and the source has an SSRC to name it
    /// by, unsubscribe when the last viewer leaves. Called after either changes (a viewer added or removed, an
    /// announcement that brought the SSRCs), under the lock, so a viewer joining while the SSRC arrives on another
    /// thread cannot leave the source watched here and never asked for.
    /// </summary>
    public void SyncRelaySubscription()
    {
        if (Publisher.RelayUplink is not { } uplink)
        {
            return;
        }

        lock (_lock)
        {
            var wanted = _downTracks.Length > 0 && Ssrc != 0;
            if (wanted != _subscribedAtOrigin)
            {
                _subscribedAtOrigin = wanted;
                uplink.SubscriptionChanged(this, wanted);
            }
        }
    }

    public void AddRelaySink(IRelaySink sink)
    {
        lock (_lock)
        {
            if (Array.Exists(_relaySinks, s => s.PeerId == sink.PeerId))
            {
                return;
            }

            _relaySinks = [.. _relaySinks, sink];
        }

        RequestKeyframe();
    }

    public void RemoveRelaySink(string peerId)
    {
        lock (_lock)
        {
            _relaySinks = Array.FindAll(_relaySinks, s => s.PeerId != peerId);
        }
    }

    /// <summary>A packet of one of this source's streams, found by its SSRC; dropped when no layer has it.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (FindLayer(header.Ssrc) is { } layer)
        {
            OnRtp(layer, packet, header);
        }
    }

    /// <summary>The hot path: account, cache, fan out. <paramref name="packet"/> is plain RTP of <paramref name="layer"/>.</summary>
    public void OnRtp(SourceLayer layer, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        var now = _time.GetTimestamp();
        PacketsReceived++;
        BytesReceived += packet.Length;

        var isKeyframeStart = false;
        var position = LayerPosition.None;
        if (VideoCodec is { } codec && header.PayloadLength > 0)
        {
            var payload = packet.Slice(header.PayloadOffset, header.PayloadLength);
            position = LayerPosition.Read(codec, payload);
            isKeyframeStart = KeyframeDetector.IsKeyframeStart(codec, payload);
            if (isKeyframeStart)
            {
                OnKeyframe(layer, codec, payload);
            }
        }
        else if (_speech is not null && RtpHeaderExtensions.TryFind(packet, header, _audioLevelId, out var levelValue)
            && AudioLevel.TryRead(levelValue, out var level, out _))
        {
            _speech.OnLevel(Publisher.Conference.Speakers.CurrentSlot, level);
        }

        layer.OnPacket(packet, header, position, now, TimestampToTicks(now));
        foreach (var downTrack in DownTracks)
        {
            downTrack.Forward(layer, packet, header, position, isKeyframeStart);
        }

        foreach (var sink in RelaySinks)
        {
            sink.ForwardRtp(this, packet);
        }

        RequestLost(layer, header.SequenceNumber);
    }

    /// <summary>
    /// An RTX packet from the publisher (RFC 4588) on <paramref name="layer"/>'s repair SSRC: rebuilt in place as
    /// the packet it repairs and forwarded like a late one, unless that packet is already here (Chrome also probes
    /// bandwidth with RTX copies of packets that arrived) or too old to be a repair of this stream's recent loss.
    /// </summary>
    public void OnRepair(SourceLayer layer, Span<byte> packet, in RtpHeader header)
    {
        if (Codec.RtxPayloadType is null
            || layer.Ssrc == 0
            || !RtxPacket.TryUnwrap(packet, header, layer.Ssrc, (byte)Codec.PayloadType, out var original, out var originalHeader)
            || !layer.Gaps.IsRecent(originalHeader.SequenceNumber, layer.Cache.SlotCount)
            || layer.Cache.Contains(originalHeader.SequenceNumber))
        {
            Recovery.OnRepair(forwarded: false);
            return;
        }

        Recovery.OnRepair(forwarded: true);
        OnRtp(layer, original, originalHeader);
    }

    /// <summary>
    /// A gap in a layer's stream: a relayed source asks its origin bridge for what this bridge lost itself (local
    /// viewers' NACKs are answered from this bridge's cache); a local publisher that negotiated RTX gets a generic
    /// NACK (RFC 4585 §6.2.1) and answers on the layer's repair SSRC (<see cref="OnRepair"/>).
    /// </summary>
    private void RequestLost(SourceLayer layer, ushort sequenceNumber)
    {
        if (!_asksForLost
            || !layer.Gaps.TryRecord(sequenceNumber, IRelayUplink.MaxSequenceNumbersPerRequest, out var firstLost, out var lostCount))
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[lostCount];
        for (var i = 0; i < lost.Length; i++)
        {
            lost[i] = (ushort)(firstLost + i);
        }

        var uplink = Publisher.RelayUplink;
        if (uplink is not null)
        {
            Recovery.OnRequested(fromOrigin: true, lostCount);
            uplink.RequestRetransmission(layer, lost);
            return;
        }

        if (layer.RtxSsrc == 0)
        {
            // A rid layer whose repair stream has not shown itself yet: nothing would answer.
            return;
        }

        Recovery.OnRequested(fromOrigin: false, lostCount);

        // 12-byte feedback header and 4-byte PID/BLP pairs (one covers up to 17 numbers): sized for a pair per number,
        // which also leaves SendRtcp room for the SRTCP index and tag it appends in place.
        Span<byte> nack = stackalloc byte[12 + 4 * IRelayUplink.MaxSequenceNumbersPerRequest];
        var length = RtcpWriter.WriteNack(nack, ConferenceEndpoint.BridgeRtcpSsrc, layer.Ssrc, lost);
        Publisher.PublishTransport?.SendRtcp(nack, length);
    }

    /// <summary>Forward a layer's sender report so subscribers keep lip sync (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(SourceLayer layer, ReadOnlySpan<byte> senderReport, ulong ntpTimestamp)
    {
        layer.Statistics.OnSenderReport(ntpTimestamp, TimestampToTicks(_time.GetTimestamp()));
        foreach (var downTrack in DownTracks)
        {
            downTrack.ForwardSenderReport(layer, senderReport);
        }

        foreach (var sink in RelaySinks)
        {
            sink.ForwardRtcp(this, senderReport);
        }
    }

    private void OnKeyframe(SourceLayer layer, VideoCodec codec, ReadOnlySpan<byte> payload)
    {
        KeyframeArrived(layer);
        switch (codec)
        {
            case Media.Rtp.Codecs.VideoCodec.Vp8 when Vp8KeyframeHeader.TryReadSize(payload, out var width, out var height):
                layer.OnKeyframeSize(width, height);
                break;
            case Media.Rtp.Codecs.VideoCodec.H264 when H264SpsSize.TryRead(payload, out var width, out var height):
                layer.OnKeyframeSize(width, height);
                break;
            case Media.Rtp.Codecs.VideoCodec.Vp9:
                Span<(int Width, int Height)> sizes = stackalloc (int, int)[LayerPosition.MaxLayerIds];
                var count = Vp9PayloadDescriptor.TryReadSpatialLayerSizes(payload, sizes);
                if (count > 0)
                {
                    layer.OnSpatialLayerSizes(sizes[..count]);
                }

                break;
        }
    }

    private long TimestampToTicks(long timestamp) =>
        (long)(timestamp * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    private static VideoCodec? ToVideoCodec(string name) => name.ToUpperInvariant() switch
    {
        "VP8" => Media.Rtp.Codecs.VideoCodec.Vp8,
        "VP9" => Media.Rtp.Codecs.VideoCodec.Vp9,
        "H264" => Media.Rtp.Codecs.VideoCodec.H264,
        "AV1" => Media.Rtp.Codecs.VideoCodec.Av1,
        _ => null,
    };

    public void Dispose()
    {
        lock (_lock)
        {
            _downTracks = [];
            _relaySinks = [];
        }

        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }
}
