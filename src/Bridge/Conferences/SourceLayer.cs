using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One RTP stream of a source: a simulcast encoding, or the only stream of a track. It has its own SSRC and
/// sequence space (RFC 8853 §1: each encoding is its own RTP stream), so its own packet cache, gap tracking
/// and receiver statistics; and what the allocator needs to pick it: its measured bitrate (per spatial and
/// temporal layer inside it, for VP8 temporal layers and VP9 SVC), whether the publisher still sends it, and its
/// resolution (per spatial layer) once a keyframe told it.
/// </summary>
public sealed class SourceLayer : IDisposable
{
    /// <summary>A layer that sent nothing for this long is unavailable (the publisher stopped it, or cannot send it).</summary>
    public static readonly TimeSpan InactiveAfter = TimeSpan.FromSeconds(1);

    private const int VideoCacheSlots = 512;
    private const int AudioCacheSlots = 64;

    private readonly TimeProvider _time;
    private readonly LayerBitrates _bitrates = new();
    private readonly (int Width, int Height)[] _spatialSizes = new (int, int)[LayerPosition.MaxLayerIds];
    private uint _ssrc;
    private uint _rtxSsrc;
    private long _lastPacketTimestamp;

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
    public long Bitrate => _bitrates.Rate(LayerPosition.MaxLayerIds - 1, LayerPosition.MaxLayerIds - 1);

    /// <summary>Bits per second of the spatial and temporal layers at or below the two ids (what a viewer of those receives).</summary>
    public long BitrateUpTo(int spatial, int temporal) => _bitrates.Rate(spatial, temporal);

    /// <summary>Pictures per second up to temporal layer <paramref name="temporal"/> (VP8, VP9); 0 when the stream has no layer fields.</summary>
    public double FrameRateUpTo(int temporal) => _bitrates.FrameRate(temporal);

    /// <summary>The highest spatial layer id (VP9 SVC) sent in the last second; 0 for a stream without spatial layers.</summary>
    public int HighestSpatialLayer => _bitrates.HighestSpatial;

    /// <summary>The highest temporal layer id sent in the last second; 0 for a stream without temporal layers.</summary>
    public int HighestTemporalLayer => _bitrates.HighestTemporal;

    /// <summary>The coded width and height of the last keyframe (its top spatial layer), 0 until one told it.</summary>
    public int Width { get; private set; }

    /// <inheritdoc cref="Width"/>
    public int Height { get; private set; }

    /// <summary>The width and height of spatial layer <paramref name="spatial"/> (VP9 SVC), or of the stream; (0, 0) until known.</summary>
    public (int Width, int Height) SpatialSize(int spatial) =>
        spatial > 0 || _spatialSizes[0].Width > 0 ? _spatialSizes[Math.Min(spatial, _spatialSizes.Length - 1)] : (Width, Height);

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
    internal void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header, in LayerPosition position, long timestamp, long arrivalTicks)
    {
        PacketsReceived++;
        BytesReceived += packet.Length;
        _bitrates.OnPacket(position, packet.Length);
        Interlocked.Exchange(ref _lastPacketTimestamp, timestamp);
        Statistics.OnPacket(header.SequenceNumber, header.Timestamp, arrivalTicks);
        Cache.Store(header.SequenceNumber, packet);
    }

    internal void OnKeyframeSize(int width, int height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>The spatial layers' sizes a VP9 keyframe's scalability structure gave, lowest first.</summary>
    internal void OnSpatialLayerSizes(ReadOnlySpan<(int Width, int Height)> sizes)
    {
        for (var i = 0; i < _spatialSizes.Length; i++)
        {
            _spatialSizes[i] = i < sizes.Length ? sizes[i] : (0, 0);
        }

        OnKeyframeSize(sizes[^1].Width, sizes[^1].Height);
    }

    /// <summary>Sample the byte counts (the allocation tick); the bitrates span the oldest sample kept, about a second.</summary>
    public void MeasureBitrate() => _bitrates.Measure(_time.GetTimestamp(), _time, IsActive);

    public void Dispose() => Cache.Dispose();
}
