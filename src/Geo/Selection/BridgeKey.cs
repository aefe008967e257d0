namespace OctoMesh.Geo.Selection;

/// <summary>
/// A bridge id with its hash computed once (when the candidate is built), so the selector's per-candidate table
/// lookups cost a bucket index and one string comparison instead of hashing the id a thousand times per decision.
/// </summary>
internal readonly struct BridgeKey : IEquatable<BridgeKey>
{
    public BridgeKey(string id)
    {
        Id = id;
        Hash = string.GetHashCode(id, StringComparison.Ordinal);
    }

    public string Id { get; }
    public int Hash { get; }

    public bool Equals(BridgeKey other) => Hash == other.Hash && string.Equals(Id, other.Id, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is BridgeKey other && Equals(other);

    public override int GetHashCode() => Hash;
}
