namespace OctoMesh.Geo.Selection;

/// <summary>
/// What selection needs to know about one bridge (mapped from the registry's record by the caller).
/// Immutable: build a new one when the registry reports a change.
/// </summary>
public sealed class BridgeCandidate
{
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are not valid (see <see cref="GeoCoordinate.IsValid"/>).</exception>
    public BridgeCandidate(string id, string region, double latitude, double longitude, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        Region = region;
        Location = new GeoCoordinate(latitude, longitude);
        Version = version;
        Direction = Location.ToUnitVector();
        Key = new BridgeKey(id);
    }

    public string Id { get; }
    public string Region { get; }
    public GeoCoordinate Location { get; }
    public string Version { get; }

    /// <summary>Its health check passes (embedded: link up; Consul: TTL check passing).</summary>
    public bool Healthy { get; init; } = true;

    /// <summary>It is shutting down gracefully and takes no new participants.</summary>
    public bool Draining { get; init; }

    /// <summary>Load as reported: packet rate over configured capacity (Jitsi's JvbLoadManager); 1 is full, may exceed 1.</summary>
    public double Stress { get; init; }

    /// <summary>
    /// Participants the bridge itself saw join within the recent-join window, whose load its reported
    /// <see cref="Stress"/> may not show yet. The selector also counts the joins it routed there itself and uses the larger.
    /// </summary>
    public int RecentJoins { get; init; }

    internal UnitVector Direction { get; }

    internal BridgeKey Key { get; }

    public override string ToString() => $"{Id} ({Region})";
}
