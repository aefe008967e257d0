namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// What a viewer asked of one received track. Between RTP streams (simulcast): a pinned layer (WHEP layer
/// extension "encodingId", or "spatialLayerId" as a quality rank) and a cap on the quality rank
/// ("maxSpatialLayerId"). Inside the stream: a spatial layer id for VP9 SVC ("spatialLayerId",
/// "maxSpatialLayerId" when the publisher sends one SVC stream) and a temporal layer id ("temporalLayerId",
/// "maxTemporalLayerId"). A pin is the most the viewer gets; the budget may still give it less. Null fields
/// leave the choice to the allocator. Immutable: replaced whole, read by the allocation tick.
/// </summary>
public sealed record LayerConstraints(int? PinnedLayer, int? MaxRank, int? MaxSpatialId = null, int? MaxTemporalId = null)
{
    public static LayerConstraints Automatic { get; } = new(null, null);

    /// <summary>The viewer chose this track's layer (it goes first in the viewer's budget).</summary>
    public bool IsPinned => PinnedLayer is not null || MaxSpatialId is not null || MaxTemporalId is not null;
}
