namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>The body of <c>GET /api/stats</c> (see docs/protocol.md).</summary>
public sealed record BridgeStats(int Sessions, int Rooms, int Publishers, int Subscribers, long BufferBytesInUse,
    IReadOnlyList<ViewerBandwidthStats>? Viewers = null, IReadOnlyList<VideoSourceView>? VideoSources = null)
{
    public override string ToString() =>
        $"sessions {Sessions}, rooms {Rooms}, publishers {Publishers}, subscribers {Subscribers}, buffers {BufferBytesInUse} B; "
        + $"viewers [{string.Join("; ", Viewers ?? [])}]; video sources [{string.Join("; ", VideoSources ?? [])}]";
}

/// <summary>One viewer's downlink in <c>viewers</c> (docs/bandwidth.md).</summary>
public sealed record ViewerBandwidthStats(string Mode, long? EstimateBitrate, long DesiredBitrate, long Feedbacks, long MalformedFeedback,
    long ProbeBytes, int ProbeResults, double? RoundTripMilliseconds = null, long RoundTripSamples = 0);

/// <summary>A video source in <c>videoSources</c>: its streams and its viewers.</summary>
public sealed record VideoSourceView(string Source, bool Local, long KeyframeRequests, IReadOnlyList<LayerView> Layers, IReadOnlyList<ViewerTrackView> Viewers)
{
    public override string ToString() =>
        $"{Source}: {KeyframeRequests} keyframe requests, layers [{string.Join(", ", Layers)}], viewers [{string.Join(", ", Viewers)}]";
}

/// <summary>One RTP stream of a source, with the spatial and temporal layers inside it.</summary>
public sealed record LayerView(int Index, string? Rid, bool Active, long Bitrate, int Width, int Height, IReadOnlyList<SubLayerView>? SubLayers)
{
    public override string ToString() =>
        $"{Rid ?? Index.ToString()} {Width}x{Height} {Bitrate / 1000} kbit/s{(Active ? "" : " inactive")}"
        + (SubLayers is { Count: > 0 } ? $" ({string.Join(" ", SubLayers)})" : "");
}

/// <summary>A spatial and temporal layer pair: the bitrate of it and all below, its size.</summary>
public sealed record SubLayerView(int SpatialLayer, int TemporalLayer, long Bitrate, int Width, int Height)
{
    public override string ToString() => $"S{SpatialLayer}T{TemporalLayer}={Bitrate / 1000}k";
}

/// <summary>A viewer's copy of a source: the stream forwarded and, inside it, the highest spatial and temporal ids (3 = all).</summary>
public sealed record ViewerTrackView(string Viewer, int Layer, int TargetLayer, int SpatialLayer, int TemporalLayer, int TargetSpatialLayer,
    int TargetTemporalLayer, long LayerDrops, long Retransmissions = 0, long RepairsSkipped = 0, long KeyframesForwarded = 0)
{
    public override string ToString() =>
        $"{Viewer} layer {Layer} (target {TargetLayer}) S{SpatialLayer}T{TemporalLayer} (target S{TargetSpatialLayer}T{TargetTemporalLayer}), {LayerDrops} dropped, "
        + $"{Retransmissions} repaired, {RepairsSkipped} repairs skipped, {KeyframesForwarded} keyframes";
}
