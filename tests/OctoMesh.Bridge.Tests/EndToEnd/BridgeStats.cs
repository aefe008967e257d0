namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>The body of <c>GET /api/stats</c> (see docs/protocol.md).</summary>
public sealed record BridgeStats(int Sessions, int Rooms, int Publishers, int Subscribers, long BufferBytesInUse,
    IReadOnlyList<ViewerBandwidthStats>? Viewers = null);

/// <summary>One viewer's downlink in <c>viewers</c> (docs/bandwidth.md).</summary>
public sealed record ViewerBandwidthStats(string Mode, long? EstimateBitrate, long DesiredBitrate, long Feedbacks, long MalformedFeedback,
    long ProbeBytes, int ProbeResults);
