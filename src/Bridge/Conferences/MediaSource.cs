using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One published track (an m-line of a publisher's offer): its receive state, its packet cache,
/// and the subscribers it fans out to. Packets arrive on the media receive thread; the
/// subscriber list is copy-on-write so the hot path never locks.
/// </summary>
public sealed class MediaSource : IDisposable
{
    /// <summary>PLIs to the publisher at most this often (Chrome answers each with a keyframe).</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    private const int VideoCacheSlots = 512;
    private const int AudioCacheSlots = 64;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private DownTrack[] _downTracks = [];
    private IRelaySink[] _relaySinks = [];
    private readonly SequenceGapTracker _gaps = new();
    private readonly bool _asksForLost;
    private long _lastKeyframeRequest;
    private uint _ssrc;

    public MediaSource(ConferenceEndpoint publisher, SourceDescription description, BufferAccounting accounting, TimeProvider time,
        LossRecoveryCounters? recovery = null)
    {
        Publisher = publisher;
        Recovery = recovery ?? new LossRecoveryCounters();
        Description = description;
        _time = time;
        _ssrc = description.Ssrc ?? 0;
        Cache = new PacketCache(description.Kind == TrackKind.Video ? VideoCacheSlots : AudioCacheSlots, accounting);
        Statistics = new ReceiveStatistics(description.Codec.ClockRate);
        VideoCodec = ToVideoCodec(description.Codec.Name);
        Id = $"{publisher.Id}/{description.Mid}";

        // A relayed source asks its origin; a local publisher only when it can answer (RTX negotiated, its SSRC known).
        _asksForLost = publisher.RelayUplink is not null || (description.Codec.RtxPayloadType is not null && description.RtxSsrc is not null);
    }

    public string Id { get; }

    public ConferenceEndpoint Publisher { get; }

    /// <summary>The bridge's loss-recovery counters this source adds to.</summary>
    public LossRecoveryCounters Recovery { get; }

    public SourceDescription Description { get; }

    public TrackKind Kind => Description.Kind;

    public NegotiatedCodec Codec => Description.Codec;

    public VideoCodec? VideoCodec { get; }

    /// <summary>The media SSRC; 0 until known (from SDP, or the first packet carrying our mid).</summary>
    public uint Ssrc => Volatile.Read(ref _ssrc);

    public PacketCache Cache { get; }

    public ReceiveStatistics Statistics { get; }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    public ReadOnlySpan<DownTrack> DownTracks => Volatile.Read(ref _downTracks);

    internal void BindSsrc(uint ssrc) => Volatile.Write(ref _ssrc, ssrc);

    public ReadOnlySpan<IRelaySink> RelaySinks => Volatile.Read(ref _relaySinks);

    /// <summary>Local viewers plus remote bridges that receive this source.</summary>
    public bool IsWatched => DownTracks.Length > 0 || RelaySinks.Length > 0;

    public void AddDownTrack(DownTrack downTrack)
    {
        bool first;
        lock (_lock)
        {
            first = _downTracks.Length == 0;
            _downTracks = [.. _downTracks, downTrack];
        }

        if (first)
        {
            Publisher.RelayUplink?.SubscriptionChanged(this, watched: true);
        }
    }

    public void RemoveDownTrack(DownTrack downTrack)
    {
        bool last;
        lock (_lock)
        {
            var before = _downTracks.Length;
            _downTracks = Array.FindAll(_downTracks, d => !ReferenceEquals(d, downTrack));
            last = before > 0 && _downTracks.Length == 0;
        }

        if (last)
        {
            Publisher.RelayUplink?.SubscriptionChanged(this, watched: false);
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

    /// <summary>The hot path: account, cache, fan out. <paramref name="packet"/> is plain RTP.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        var now = _time.GetTimestamp();
        PacketsReceived++;
        BytesReceived += packet.Length;
        Statistics.OnPacket(header.SequenceNumber, header.Timestamp, TimestampToTicks(now));
        Cache.Store(header.SequenceNumber, packet);

        var isKeyframeStart = VideoCodec is { } codec
            && header.PayloadLength > 0
            && KeyframeDetector.IsKeyframeStart(codec, packet.Slice(header.PayloadOffset, header.PayloadLength));
        foreach (var downTrack in DownTracks)
        {
            downTrack.Forward(packet, header, isKeyframeStart);
        }

        foreach (var sink in RelaySinks)
        {
            sink.ForwardRtp(this, packet);
        }

        RequestLost(header.SequenceNumber);
    }

    /// <summary>
    /// An RTX packet from the publisher (RFC 4588), on this source's repair SSRC: rebuilt in place as the packet
    /// it repairs and forwarded like a late one, unless that packet is already here (Chrome also probes bandwidth
    /// with RTX copies of packets that arrived) or too old to be a repair of this stream's recent loss.
    /// </summary>
    public void OnRepair(Span<byte> packet, in RtpHeader header)
    {
        if (Codec.RtxPayloadType is null
            || Ssrc == 0
            || !RtxPacket.TryUnwrap(packet, header, Ssrc, (byte)Codec.PayloadType, out var original, out var originalHeader)
            || !_gaps.IsRecent(originalHeader.SequenceNumber, Cache.SlotCount)
            || Cache.Contains(originalHeader.SequenceNumber))
        {
            Recovery.OnRepair(forwarded: false);
            return;
        }

        Recovery.OnRepair(forwarded: true);
        OnRtp(original, originalHeader);
    }

    /// <summary>
    /// A gap in the stream: a relayed source asks its origin bridge for what this bridge lost itself (local viewers'
    /// NACKs are answered from this bridge's cache); a local publisher that negotiated RTX gets a generic NACK
    /// (RFC 4585 §6.2.1) and answers on its repair SSRC (<see cref="OnRepair"/>).
    /// </summary>
    private void RequestLost(ushort sequenceNumber)
    {
        if (!_asksForLost
            || !_gaps.TryRecord(sequenceNumber, IRelayUplink.MaxSequenceNumbersPerRequest, out var firstLost, out var lostCount))
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[lostCount];
        for (var i = 0; i < lost.Length; i++)
        {
            lost[i] = (ushort)(firstLost + i);
        }

        var uplink = Publisher.RelayUplink;
        Recovery.OnRequested(fromOrigin: uplink is not null, lostCount);
        if (uplink is not null)
        {
            uplink.RequestRetransmission(this, lost);
            return;
        }

        // 12-byte feedback header and 4-byte PID/BLP pairs (one covers up to 17 numbers): sized for a pair per number,
        // which also leaves SendRtcp room for the SRTCP index and tag it appends in place.
        Span<byte> nack = stackalloc byte[12 + 4 * IRelayUplink.MaxSequenceNumbersPerRequest];
        var length = RtcpWriter.WriteNack(nack, ConferenceEndpoint.BridgeRtcpSsrc, Ssrc, lost);
        Publisher.PublishTransport?.SendRtcp(nack, length);
    }

    /// <summary>Forward the publisher's sender report so subscribers keep lip sync (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ReadOnlySpan<byte> senderReport, ulong ntpTimestamp)
    {
        Statistics.OnSenderReport(ntpTimestamp, TimestampToTicks(_time.GetTimestamp()));
        foreach (var downTrack in DownTracks)
        {
            downTrack.ForwardSenderReport(senderReport);
        }

        foreach (var sink in RelaySinks)
        {
            sink.ForwardRtcp(this, senderReport);
        }
    }

    /// <summary>Ask the publisher for a keyframe (RFC 4585 §6.3.1 PLI), at most once per interval.</summary>
    public void RequestKeyframe()
    {
        if (Kind != TrackKind.Video || Ssrc == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyframeRequest);
        if (last != 0 && _time.GetElapsedTime(last, now) < KeyframeRequestInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastKeyframeRequest, now, last) != last)
        {
            return;
        }

        if (Publisher.RelayUplink is { } uplink)
        {
            // The publisher is on another bridge: the request crosses the relay (rate-limited there too).
            uplink.RequestKeyframe(this);
            return;
        }

        Span<byte> pli = stackalloc byte[64];
        var length = RtcpWriter.WritePli(pli, ConferenceEndpoint.BridgeRtcpSsrc, Ssrc);
        Publisher.PublishTransport?.SendRtcp(pli, length);
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

        Cache.Dispose();
    }
}
