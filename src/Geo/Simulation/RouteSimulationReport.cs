using System.Globalization;
using System.Text;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>The figures of one simulation run; <see cref="ToString"/> is the text the CLI prints.</summary>
public sealed record RouteSimulationReport
{
    public required string BridgeSetName { get; init; }
    public required int Bridges { get; init; }
    public required int Clients { get; init; }
    public required int Seed { get; init; }
    public required int CapacityPerBridge { get; init; }
    public required int RoomSize { get; init; }

    /// <summary>Great-circle distance from each client to the bridge it was given.</summary>
    public required double MeanDistanceKm { get; init; }
    public required double P95DistanceKm { get; init; }

    /// <summary>The same to the nearest eligible bridge, whatever its load: the best any selection could do.</summary>
    public required double MeanBestDistanceKm { get; init; }
    public required double P95BestDistanceKm { get; init; }

    /// <summary>Clients not given their nearest bridge (load, room cap, or joining their room's bridge nearby).</summary>
    public required double NotNearestShare { get; init; }

    public required IReadOnlyList<BridgeLoad> Load { get; init; }
    public required IReadOnlyDictionary<SelectionReason, int> Reasons { get; init; }

    /// <summary>Wall-clock time of each BridgeSelector.Select call.</summary>
    public required double MeanDecisionMicroseconds { get; init; }
    public required double P99DecisionMicroseconds { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        var capacity = CapacityPerBridge > 0 ? FormattableString.Invariant($"capacity {CapacityPerBridge:N0} per bridge") : "unlimited capacity";
        var rooms = RoomSize > 1 ? FormattableString.Invariant($"rooms of {RoomSize}") : "one client per room";
        text.AppendLine(invariant, $"route simulation: {Clients:N0} clients (seed {Seed}) from the world's largest cities by population, {Bridges} bridges ({BridgeSetName}), {capacity}, {rooms}");
        text.AppendLine(invariant, $"distance  mean {MeanDistanceKm,8:N0} km   p95 {P95DistanceKm,8:N0} km");
        text.AppendLine(invariant, $"best      mean {MeanBestDistanceKm,8:N0} km   p95 {P95BestDistanceKm,8:N0} km   (nearest eligible bridge, ignoring load)");
        text.AppendLine(invariant, $"not on the nearest bridge: {NotNearestShare:P1}");
        text.AppendLine(invariant, $"decision  mean {MeanDecisionMicroseconds,8:N2} µs  p99 {P99DecisionMicroseconds,8:N2} µs");
        text.AppendLine("reasons   " + string.Join(", ", Reasons.OrderBy(r => r.Key).Select(r => FormattableString.Invariant($"{r.Key} {r.Value:N0}"))));
        text.AppendLine("load per bridge:");
        foreach (var load in Load.OrderByDescending(l => l.Clients).ThenBy(l => l.BridgeId, StringComparer.Ordinal).Take(20))
            text.AppendLine(invariant, $"  {load.BridgeId,-16} {load.Region,-20} {load.Clients,8:N0}  {load.Share,6:P1}");
        if (Load.Count > 20)
            text.AppendLine(invariant, $"  ... {Load.Count - 20} more; busiest {Load.Max(l => l.Clients):N0}, quietest {Load.Min(l => l.Clients):N0}");
        return text.ToString();
    }
}
