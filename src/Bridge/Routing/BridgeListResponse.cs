namespace OctoMesh.Bridge.Routing;

/// <summary>The JSON body of <c>GET /api/bridges</c>: this bridge's id and the bridges a client may probe.</summary>
public sealed record BridgeListResponse(string Self, IReadOnlyList<BridgeListEntry> Bridges);
