namespace OctoMesh.Geo.Selection;

/// <summary>A round-trip time the client measured to a bridge (the room page probes GET /api/ping on each candidate).</summary>
public readonly record struct RttSample(string BridgeId, double Milliseconds);
