namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// What a viewer asked of one received track. Between RTP streams (simulcast): a pinned layer (WHEP layer
/// extension "encodingId", or "spatialLayerId" as a quality rank) and a cap on the quality rank
/// ("maxSpatialLayerId"). Inside the stream: a spatial layer id for VP9 SVC ("spatialLayerId",
/// "maxSpatialLayerId" when the publisher sends one SVC stream) and a temporal layer id ("temporalLayerId",
/// "maxTemporalLayerId"). A pin is the most the viewer gets; the budget may still give it less. The room page's
/// <see cref="Viewport"/> (its tile) caps all of these at what the tile can show. Null fields leave the choice to
/// the allocator. Immutable: replaced whole, read by the allocation tick.
/// </summary>
public sealed record LayerConstraints(int? PinnedLayer, int? MaxRank, int? MaxSpatialId = null, int? MaxTemporalId = null, Viewport? Viewport = null)
{
    public static LayerConstraints Automatic { get; } = new(null, null);

    /// <summary>The viewer chose this track's layer (it goes first in the viewer's budget).</summary>
    public bool IsPinned => PinnedLayer is not null || MaxSpatialId is not null || MaxTemporalId is not null;

    /// <summary>The viewer shows none of it (a tile off screen): the track is paused.</summary>
    public bool IsHidden => Viewport is { IsEmpty: true };
}

/// <summary>
/// The largest picture (in device pixels) and frame rate a viewer shows of one track; 0 × 0 for a tile off screen,
/// frame rate 0 for no limit (docs/protocol.md, <c>videoConstraints</c>).
/// </summary>
public sealed record Viewport(int Width, int Height, double FrameRate)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>A picture of this size fills the viewport without being scaled up (at least as wide and as tall).</summary>
    public bool IsCoveredBy(int width, int height) => width >= Width && height >= Height && width > 0 && height > 0;
}
