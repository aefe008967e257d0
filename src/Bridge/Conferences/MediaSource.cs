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
    private ushort _highestSequence;
    private bool _sequenceStarted;
    private long _lastKeyframeRequest;
    private uint _ssrc;

    public MediaSource(ConferenceEndpoint publisher, SourceDescription description, BufferAccounting accounting, TimeProvider time)
    {
        Publisher = publisher;
        Description = description;
        _time = time;
        _ssrc = description.Ssrc ?? 0;
        Cache = new PacketCache(description.Kind == TrackKind.Video ? VideoCacheSlots : AudioCacheSlots, accounting);
        Statistics = new ReceiveStatistics(description.Codec.ClockRate);
        VideoCodec = ToVideoCodec(description.Codec.Name);
        Id = $"{publisher.Id}/{description.Mid}";
    }

    public string Id { get; }

    public ConferenceEndpoint Publisher { get; }

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

        if (Publisher.RelayUplink is { } uplink)
        {
            RequestLostFromOrigin(uplink, header.SequenceNumber);
        }
    }

    /// <summary>
    /// A relayed source: ask the origin only for what this bridge lost itself (a gap in the relayed
    /// stream); local viewers' NACKs are answered from this bridge's own cache.
    /// </summary>
    private void RequestLostFromOrigin(IRelayUplink uplink, ushort sequenceNumber)
    {
        // RFC 3550 §A.1: a jump this large is a restarted stream, not loss.
        const int MaxDropout = 3000;
        if (!_sequenceStarted)
        {
            _sequenceStarted = true;
            _highestSequence = sequenceNumber;
            return;
        }

        var gap = RtpSequence.Diff(sequenceNumber, _highestSequence);
        if (gap <= 0)
        {
            return;
        }

        if (gap > 1 && gap <= MaxDropout)
        {
            // A long gap (the relay socket overflowed while this bridge was descheduled) asks for its newest
            // packets: they are the likeliest still in the origin's cache and the ones a decoder needs next.
            var lost = Math.Min(gap - 1, IRelayUplink.MaxSequenceNumbersPerRequest);
            Span<ushort> missing = stackalloc ushort[lost];
            var first = (ushort)(sequenceNumber - lost);
            for (var i = 0; i < missing.Length; i++)
            {
                missing[i] = (ushort)(first + i);
            }

            uplink.RequestRetransmission(this, missing);
        }

        _highestSequence = sequenceNumber;
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
