namespace OctoMesh.Geo.Discovery;

/// <summary>Helpers for sets of bridge records as the registries publish them.</summary>
internal static class BridgeSets
{
    public static readonly IReadOnlyList<BridgeRecord> Empty = Array.Empty<BridgeRecord>();

    /// <summary>Sorts by id so two equal sets always compare and print the same.</summary>
    public static IReadOnlyList<BridgeRecord> Ordered(IEnumerable<BridgeRecord> records) =>
        records.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();

    /// <summary>True when both id-ordered sets advertise the same bridges with the same values (LastSeen aside).</summary>
    public static bool Equivalent(IReadOnlyList<BridgeRecord> left, IReadOnlyList<BridgeRecord> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }
        for (var i = 0; i < left.Count; i++)
        {
            if (!left[i].SameAdvertisement(right[i]))
            {
                return false;
            }
        }
        return true;
    }
}
