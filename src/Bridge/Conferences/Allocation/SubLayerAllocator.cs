namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// Inside the RTP stream the allocator chose for a track, the highest spatial (VP9 SVC) and temporal layers
/// that fit what is left of the viewer's budget. A smaller picture at the full frame rate comes before a larger
/// one at a lower rate, as between simulcast streams: the frame rate is thinned only on the lowest spatial layer,
/// when even that does not fit whole. Going up needs the <see cref="LayerHysteresis.UpgradeMargin"/> and the track's own
/// hold, as between streams: <see cref="DownTrack.SpatialHysteresis"/>, or the shorter
/// <see cref="DownTrack.TemporalHysteresis"/> when only the frame rate changes.
/// </summary>
public static class SubLayerAllocator
{
    /// <summary>
    /// The frame rate of the lowest spatial layer is thinned only when the whole of it would overshoot what is left by
    /// more than this: a delay-based estimate sits below the link's capacity (it keeps the queue empty), and a halved
    /// frame rate costs the viewer more than a brief queue.
    /// </summary>
    public const double LowestStreamOvershoot = 1.25;

    /// <summary>The (spatial, temporal) ids to forward; (All, All) for a stream without layers inside.</summary>
    /// <remarks>On a tick right after the viewer's request (<paramref name="viewerRequest"/>) the hold neither applies nor arms.</remarks>
    public static (int Spatial, int Temporal) Choose(DownTrack track, SourceLayer layer, long budget, bool viewerRequest, long now, TimeProvider time)
    {
        var (maxSpatial, maxTemporal) = Caps(track, layer);
        if (layer.HighestSpatialLayer == 0 && layer.HighestTemporalLayer == 0)
        {
            return (SubLayerSelectionAll, SubLayerSelectionAll);
        }

        if (budget == LayerAllocator.Unlimited)
        {
            return (maxSpatial, maxTemporal);
        }

        var currentSpatial = Math.Min(track.TargetSpatialLayer, layer.HighestSpatialLayer);
        var currentTemporal = Math.Min(track.TargetTemporalLayer, layer.HighestTemporalLayer);
        // Candidates from the best down: each spatial layer at the full frame rate, then the lowest at lower rates.
        var candidates = maxSpatial + maxTemporal + 1;
        for (var i = 0; i < candidates; i++)
        {
            var (spatial, temporal) = i < maxSpatial ? (maxSpatial - i, maxTemporal) : (0, maxTemporal - (i - maxSpatial));
            var upgrade = spatial > currentSpatial || spatial == currentSpatial && temporal > currentTemporal;
            var bitrate = layer.BitrateUpTo(spatial, temporal);
            var needed = upgrade ? (long)(bitrate * LayerHysteresis.UpgradeMargin) : bitrate;
            var allowed = spatial == 0 && temporal == maxTemporal ? (long)(budget * LowestStreamOvershoot) : budget;
            if (needed > allowed && i < candidates - 1)
            {
                continue;
            }

            if (viewerRequest)
            {
                return (spatial, temporal);
            }

            var hysteresis = spatial != currentSpatial ? track.SpatialHysteresis : track.TemporalHysteresis;
            if (upgrade)
            {
                return hysteresis.MayUpgrade(now, time) ? (spatial, temporal) : (currentSpatial, currentTemporal);
            }

            if ((spatial, temporal) != (currentSpatial, currentTemporal))
            {
                hysteresis.OnDowngrade(now, time, budget, layer.BitrateUpTo(currentSpatial, currentTemporal));
            }

            // Nothing higher fits now: both stability clocks start again.
            track.SpatialHysteresis.OnNoUpgrade();
            track.TemporalHysteresis.OnNoUpgrade();
            return (spatial, temporal);
        }

        return (0, 0);
    }

    /// <summary>What the whole allowed stream carries: the bitrate probing aims for.</summary>
    public static long BestAllowedBitrate(DownTrack track, SourceLayer layer)
    {
        var (spatial, temporal) = Caps(track, layer);
        return layer.BitrateUpTo(spatial, temporal);
    }

    /// <summary>The bitrate of what <paramref name="track"/> is set to forward of <paramref name="layer"/>.</summary>
    public static long TargetBitrate(DownTrack track, SourceLayer layer) =>
        layer.BitrateUpTo(track.TargetSpatialLayer, track.TargetTemporalLayer);

    /// <summary>The least the stream can be thinned to: its lowest spatial and temporal layer.</summary>
    public static long LowestBitrate(SourceLayer layer) => layer.BitrateUpTo(0, 0);

    private static (int Spatial, int Temporal) Caps(DownTrack track, SourceLayer layer)
    {
        var constraints = track.Constraints;
        var spatial = Math.Min(layer.HighestSpatialLayer, constraints.MaxSpatialId ?? int.MaxValue);
        var temporal = Math.Min(layer.HighestTemporalLayer, constraints.MaxTemporalId ?? int.MaxValue);
        if (constraints.Viewport is { } viewport)
        {
            // The smallest spatial layer that fills the tile, the lowest frame rate that reaches the tile's.
            for (var s = 0; s < spatial; s++)
            {
                var (width, height) = layer.SpatialSize(s);
                if (viewport.IsCoveredBy(width, height))
                {
                    spatial = s;
                    break;
                }
            }

            for (var t = 0; viewport.FrameRate > 0 && t < temporal; t++)
            {
                if (layer.FrameRateUpTo(t) >= viewport.FrameRate * FrameRateTolerance)
                {
                    temporal = t;
                    break;
                }
            }
        }

        return (spatial, temporal);
    }

    /// <summary>A temporal layer reaches a requested frame rate within this share (a 30 fps request takes 28 fps).</summary>
    private const double FrameRateTolerance = 0.9;

    private const int SubLayerSelectionAll = SubLayerSelection.All;
}
