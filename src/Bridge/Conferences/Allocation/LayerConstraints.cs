namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// What a viewer asked of one received track: a pinned layer (WHEP layer extension "encodingId", or a
/// spatial layer id), and a cap on the quality rank (WHEP "maxSpatialLayerId"). Null fields leave the
/// choice to the allocator. Immutable: replaced whole, read by the allocation tick.
/// </summary>
public sealed record LayerConstraints(int? PinnedLayer, int? MaxRank)
{
    public static LayerConstraints Automatic { get; } = new(null, null);
}
