namespace OctoMesh.Bridge.Routing;

/// <summary>
/// The JSON body of <c>GET /api/bridges</c>: this bridge (listed even when draining), and the bridges a client may
/// probe: healthy and not draining.
/// </summary>
public sealed record BridgeListResponse(BridgeListEntry Self, IReadOnlyList<BridgeListEntry> Bridges);
