namespace OctoMesh.Geo.Simulation;

/// <summary>How many simulated clients one bridge received.</summary>
public sealed record BridgeLoad(string BridgeId, string Region, int Clients, double Share);
