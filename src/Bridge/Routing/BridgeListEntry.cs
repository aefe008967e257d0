namespace OctoMesh.Bridge.Routing;

/// <summary>One bridge a client may probe (<c>GET {Http}api/ping</c>) before asking for a route.</summary>
public sealed record BridgeListEntry(string Id, string Region, string Http);
