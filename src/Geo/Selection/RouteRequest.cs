namespace OctoMesh.Geo.Selection;

/// <summary>One routing question: where should a client joining <see cref="Room"/> go?</summary>
public sealed record RouteRequest
{
    public required string Room { get; init; }

    /// <summary>Every bridge the registry knows, including unhealthy and draining ones (the selector filters them).</summary>
    public required IReadOnlyList<BridgeCandidate> Candidates { get; init; }

    /// <summary>Round-trip times the client measured; samples for unknown bridges are ignored. Most trusted.</summary>
    public IReadOnlyList<RttSample> Rtts { get; init; } = [];

    /// <summary>Where the client's IP address is, from the geolocation database.</summary>
    public GeoCoordinate? GeoIpLocation { get; init; }

    /// <summary>Where the client says it is (lat/lon in the query). Used only without RTT and geolocation.</summary>
    public GeoCoordinate? Hint { get; init; }

    /// <summary>People currently in <see cref="Room"/> on each bridge, by bridge id (from the room directory); absent means none.</summary>
    public IReadOnlyDictionary<string, int>? RoomParticipants { get; init; }
}
