namespace OctoMesh.Geo.Selection;

/// <summary>
/// What the selector remembers about one bridge between decisions. The candidate loop reaches it through an array
/// indexed like the candidate list, so remembering costs no hash lookup per candidate.
/// </summary>
internal sealed class BridgeState(BridgeKey key)
{
    public BridgeKey Key { get; } = key;

    /// <summary>Joins routed to the bridge within the recent-join window.</summary>
    public int RecentJoins { get; set; }

    /// <summary>Timestamp until which the bridge is avoided after a failure; 0 when it has not failed.</summary>
    public long CooldownUntil { get; set; }
}
