using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One RTP stream of a source: a simulcast encoding, or the only stream of a track. It has its own SSRC and
/// sequence space (RFC 8853 §1: each encoding is its own RTP stream), so its own packet cache, gap tracking
/// and receiver statistics; and what the allocator needs to pick it: its measured bitrate, whether the
/// publisher still sends it, and its resolution once a keyframe told it.
/// </summary>
public sealed class SourceLayer : IDisposable
{
    /// <summary>A layer that sent nothing for this long is unavailable (the publisher stopped it, or cannot send it).</summary>
    public static readonly TimeSpan InactiveAfter = TimeSpan.FromSeconds(1);

    private const int VideoCacheSlots = 512;
    private const int AudioCacheSlots = 64;
    private const int RateWindowSlots = 5;

    private readonly TimeProvider _time;
    private readonly long[] _bytesAtMeasurement = new long[RateWindowSlots];
    private readonly long[] _timestampAtMeasurement = new long[RateWindowSlots];
    private int _measurements;
    private uint _ssrc;
    private uint _rtxSsrc;
    private long _lastPacketTimestamp;
    private long _bitrate;

    internal SourceLayer(MediaSource source, int index, LayerDescription description, BufferAccounting accounting, TimeProvider time)
    {
        Source = source;
        Index = index;
        Rid = description.Rid;
        _ssrc = description.Ssrc ?? 0;
        _rtxSsrc = description.RtxSsrc ?? 0;
        _time = time;
        Cache = new PacketCache(source.Kind == TrackKind.Video ? VideoCacheSlots : AudioCacheSlots, accounting);
        Statistics = new ReceiveStatistics(source.Codec.ClockRate);
    }

    public MediaSource Source { get; }

    /// <summary>The layer's place in the publisher's announcement: its identity here and on the mesh.</summary>
    public int Index { get; }

    /// <summary>The simulcast rid (RFC 8851), or null for SSRC-announced and single streams.</summary>
    public string? Rid { get; }

    /// <summary>The media SSRC; 0 until known (from SDP, the mesh, or the first packet carrying our mid and rid).</summary>
    public uint Ssrc => Volatile.Read(ref _ssrc);

    /// <summary>The RTX SSRC repairing this layer (RFC 4588), 0 until known.</summary>
    public uint RtxSsrc => Volatile.Read(ref _rtxSsrc);

    public PacketCache Cache { get; }

    public ReceiveStatistics Statistics { get; }

    internal SequenceGapTracker Gaps { get; } = new();

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Bits per second over the last second, as of the last <see cref="MeasureBitrate"/>.</summary>
    public long Bitrate => Interlocked.Read(ref _bitrate);

    /// <summary>The coded width and height of the last keyframe, 0 until one told it.</summary>
    public int Width { get; private set; }

    /// <inheritdoc cref="Width"/>
    public int Height { get; private set; }

    /// <summary>True while the publisher sends this layer (a packet within <see cref="InactiveAfter"/>).</summary>
    public bool IsActive
    {
        get
        {
            var last = Interlocked.Read(ref _lastPacketTimestamp);
            return last != 0 && _time.GetElapsedTime(last) < InactiveAfter;
        }
    }

    internal void BindSsrc(uint ssrc) => Volatile.Write(ref _ssrc, ssrc);

    internal void BindRtxSsrc(uint ssrc) => Volatile.Write(ref _rtxSsrc, ssrc);

    /// <summary>Account and cache one packet (receive thread).</summary>
    internal void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header, long timestamp, long arrivalTicks)
    {
        PacketsReceived++;
        BytesReceived += packet.Length;
        Interlocked.Exchange(ref _lastPacketTimestamp, timestamp);
        Statistics.OnPacket(header.SequenceNumber, header.Timestamp, arrivalTicks);
        Cache.Store(header.SequenceNumber, packet);
    }

    internal void OnKeyframeSize(int width, int height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Sample the byte count (the allocation tick); the bitrate spans the oldest sample kept, about a second.</summary>
    public void MeasureBitrate()
    {
        var now = _time.GetTimestamp();
        var slot = _measurements % RateWindowSlots;
        var oldest = _measurements < RateWindowSlots ? 0 : (_measurements + 1) % RateWindowSlots;
        _bytesAtMeasurement[slot] = BytesReceived;
        _timestampAtMeasurement[slot] = now;
        _measurements++;
        if (!IsActive)
        {
            Interlocked.Exchange(ref _bitrate, 0);
            return;
        }

        var elapsed = _time.GetElapsedTime(_timestampAtMeasurement[oldest], now);
        if (elapsed > TimeSpan.Zero)
        {
            var bits = (_bytesAtMeasurement[slot] - _bytesAtMeasurement[oldest]) * 8;
            Interlocked.Exchange(ref _bitrate, (long)(bits / elapsed.TotalSeconds));
        }
    }

    public void Dispose() => Cache.Dispose();
}
