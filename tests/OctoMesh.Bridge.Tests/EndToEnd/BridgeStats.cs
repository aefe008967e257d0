namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>The body of <c>GET /api/stats</c> (see docs/protocol.md).</summary>
public sealed record BridgeStats(int Sessions, int Rooms, int Publishers, int Subscribers, long BufferBytesInUse);
