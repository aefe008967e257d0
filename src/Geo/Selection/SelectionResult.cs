using System.Globalization;

namespace OctoMesh.Geo.Selection;

/// <summary>
/// One decision of <see cref="BridgeSelector"/>: the bridge, why, and what it was based on.
/// A struct, so that deciding allocates nothing; <see cref="Description"/> builds its text only when asked.
/// </summary>
public readonly record struct SelectionResult
{
    /// <summary>The chosen bridge; null only for <see cref="SelectionReason.NoEligibleBridge"/>.</summary>
    public BridgeCandidate? Bridge { get; init; }

    public SelectionReason Reason { get; init; }

    /// <summary>What the decision knew about the client's position relative to the chosen bridge.</summary>
    public LocationSource LocationSource { get; init; }

    /// <summary>Great-circle distance from the client's geolocated or hinted position to the bridge, when known.</summary>
    public double? DistanceKm { get; init; }

    /// <summary>The round-trip time the client measured to the bridge, when it did.</summary>
    public double? RttMs { get; init; }

    /// <summary>The bridge's stress corrected for recent joins, as the decision saw it.</summary>
    public double CorrectedStress { get; init; }

    /// <summary>Bridges in the request.</summary>
    public int CandidatesTotal { get; init; }

    /// <summary>Bridges left after dropping unhealthy, draining and version-mismatched ones.</summary>
    public int CandidatesConsidered { get; init; }

    /// <summary>Every other eligible bridge had just failed, so one still cooling down was used.</summary>
    public bool CoolingDownBridgeUsed { get; init; }

    /// <summary>For <see cref="SelectionReason.Nearest"/>: a nearer bridge skipped as overloaded or full for the room.</summary>
    public BridgeCandidate? NearerBridgeSkipped { get; init; }

    /// <summary>A sentence for logs and the route API's "reason" text.</summary>
    public string Description => Reason switch
    {
        SelectionReason.NoEligibleBridge => $"no eligible bridge among {CandidatesTotal} (all unhealthy, draining, of another version or cooling down)",
        SelectionReason.RoomBridgeNearby => $"{Bridge} already hosts the room and is near the client ({Proximity()})",
        SelectionReason.Nearest when NearerBridgeSkipped is { } skipped =>
            $"{Bridge} is the nearest bridge with capacity ({Proximity()}); the nearer {skipped} is overloaded or full for this room",
        SelectionReason.Nearest => $"{Bridge} is the nearest bridge with capacity ({Proximity()})",
        SelectionReason.LeastLoadedAllOverloaded => $"every eligible bridge is overloaded or full for this room; {Bridge} is the least loaded (stress {Format(CorrectedStress)})",
        SelectionReason.LeastLoadedNoLocation => $"the client's location is unknown (no RTT, geolocation or hint); {Bridge} is the least loaded (stress {Format(CorrectedStress)})",
        _ => Reason.ToString(),
    } + (CoolingDownBridgeUsed ? "; every other bridge failed recently" : "");

    private string Proximity() => LocationSource switch
    {
        LocationSource.MeasuredRtt => $"measured RTT {Format(RttMs ?? 0)} ms",
        LocationSource.GeoIp => $"{Format(DistanceKm ?? 0)} km from the client's geolocated address",
        LocationSource.Hint => $"{Format(DistanceKm ?? 0)} km from the client's location hint",
        _ => "location unknown",
    };

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
