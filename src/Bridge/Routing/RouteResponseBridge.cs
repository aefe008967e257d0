namespace OctoMesh.Bridge.Routing;

/// <summary>The chosen bridge: its page (<see cref="Http"/>), and the room's WHIP, WHEP and WebSocket URLs on it.</summary>
public sealed record RouteResponseBridge(string Id, string Region, string Http, string Whip, string Whep, string Ws);
