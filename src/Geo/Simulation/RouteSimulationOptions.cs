using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>What <see cref="RouteSimulation"/> simulates.</summary>
public sealed record RouteSimulationOptions
{
    /// <summary>Synthetic clients, drawn from the world's largest cities by population.</summary>
    public int Clients { get; init; } = 50_000;

    public int Seed { get; init; } = 1;

    /// <summary>The set's name for the report ("demo", "ten-regions", "synthetic:1000").</summary>
    public string BridgeSetName { get; init; } = "demo";

    /// <summary>The bridges; null means <see cref="BridgeSets.Demo"/>.</summary>
    public IReadOnlyList<BridgeCandidate>? Bridges { get; init; }

    /// <summary>Participants a bridge carries at stress 1; 0 means unlimited (pure geography).</summary>
    public int CapacityPerBridge { get; init; }

    /// <summary>Consecutive clients share a room of this size (people from anywhere, as in a real meeting).</summary>
    public int RoomSize { get; init; } = 1;

    /// <summary>The selector's tuning. Stress per join is not applied: the simulation knows each bridge's load exactly.</summary>
    public SelectionOptions Selection { get; init; } = new();

    /// <summary>The city list; null means the copy next to the assemblies (geodata/world-cities.csv).</summary>
    public string? CitiesPath { get; init; }
}
