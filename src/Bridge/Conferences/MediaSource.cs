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

    public void AddDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = [.. _downTracks, downTrack];
        }
    }

    public void RemoveDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = Array.FindAll(_downTracks, d => !ReferenceEquals(d, downTrack));
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
    }

    /// <summary>Forward the publisher's sender report so subscribers keep lip sync (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ReadOnlySpan<byte> senderReport, ulong ntpTimestamp)
    {
        Statistics.OnSenderReport(ntpTimestamp, TimestampToTicks(_time.GetTimestamp()));
        foreach (var downTrack in DownTracks)
        {
            downTrack.ForwardSenderReport(senderReport);
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
        }

        Cache.Dispose();
    }
}
