using OctoMesh.Media.Bwe;

namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// One viewer's video budget shared among the video tracks it receives, in priority order (DESIGN.md
/// "allocate"): each track gets the best active layer its constraints allow that fits what is left (then, inside
/// it, the best spatial and temporal layers: <see cref="SubLayerAllocator"/>), and the rest goes on to the next ones. The first track always gets at least its lowest layer; a later track for
/// which nothing fits is paused (target -1) rather than starving the ones before it. Audio is never in the budget.
/// Runs on the allocation tick, never per packet.
/// </summary>
public static class LayerAllocator
{
    /// <summary>No estimate (or no limit): every track gets its best allowed layer.</summary>
    public const long Unlimited = long.MaxValue;

    /// <summary>
    /// Thinning a stream for bandwidth needs no keyframe in principle (RFC 9628 §5: the lower layers are decodable on
    /// their own), but a downlink that lost more than this share (GCC's high loss, draft-ietf-rmcat-gcc-02 §6) has holes
    /// in the pictures the thinner ones refer to, and repairing them all would take the room the thinning made (a
    /// 2 Mbit/s burst into a 300 kbit/s link is seconds of repairs); Chromium stuck on them waits 3 s before it asks for a
    /// keyframe itself. So thinning on such a downlink restarts at a keyframe (what was sent before it is then not worth
    /// repairing: <see cref="DownTrack.Retransmit"/>). The hold times bound how often a viewer goes down, and the
    /// per-source interval what the publisher is asked.
    /// </summary>
    public const double HeavyLoss = 0.10;

    /// <summary>
    /// A spatial layer dropped inside a stream (VP9 SVC) restarts at a keyframe whenever the viewer asked for a repair
    /// within this time, however little it lost: libwebrtc asks for a lost packet of an upper spatial layer only until a
    /// later lower-layer frame is complete (its NACK list is cleared up to the last continuous frame), yet decodes a
    /// picture only whole; so a picture before the switch whose upper-layer repair was lost holds back every base-layer
    /// picture after it until the viewer's own keyframe request, 3 s later.
    /// </summary>
    public static readonly TimeSpan SpatialRepairWindow = TimeSpan.FromSeconds(1);

    /// <summary>Sets each down track's target; returns the bitrate the chosen layers carry.</summary>
    public static long Allocate(ReadOnlySpan<DownTrack> tracksByPriority, long budget, TimeProvider time)
    {
        var now = time.GetTimestamp();
        var remaining = budget;
        var used = 0L;
        var sending = 0;
        for (var i = 0; i < tracksByPriority.Length; i++)
        {
            var track = tracksByPriority[i];
            var constraints = track.Constraints;
            var previousConstraints = track.AllocatedConstraints;
            var viewerRequest = constraints != previousConstraints;
            if (viewerRequest)
            {
                track.Hysteresis.Reset();
                track.SpatialHysteresis.Reset();
                track.TemporalHysteresis.Reset();
            }

            var target = constraints.IsHidden ? -1 : Choose(track, remaining, mustSend: sending == 0, viewerRequest, now, time);
            sending += target >= 0 ? 1 : 0;
            var previous = track.TargetLayer;
            if (target != previous)
            {
                track.SetTargetLayer(target);
                track.OnTargetChanged(
                    previous >= 0 && !track.Source.Layers[previous].IsActive ? LayerChangeReason.LayerStopped
                    : viewerRequest ? LayerChangeReason.ViewerRequest
                    : LayerChangeReason.Bandwidth);
            }

            track.AllocatedConstraints = constraints;

            if (target >= 0)
            {
                var layer = track.Source.Layers[target];
                var (spatial, temporal) = SubLayerAllocator.Choose(track, layer, remaining, viewerRequest, now, time);
                if ((spatial, temporal) != (track.TargetSpatialLayer, track.TargetTemporalLayer))
                {
                    var smaller = spatial < track.TargetSpatialLayer;
                    var slower = temporal < track.TargetTemporalLayer;
                    track.SetTargetSubLayers(spatial, temporal);
                    track.OnTargetChanged(viewerRequest ? LayerChangeReason.ViewerRequest : LayerChangeReason.Bandwidth);
                    if (!viewerRequest && (smaller && track.RequestedRepairSince(now - RepairWindow(time))
                        || (smaller || slower) && track.Subscriber.Bandwidth.RecentLoss > HeavyLoss))
                    {
                        track.RequestKeyframe();
                    }
                }

                var bitrate = layer.BitrateUpTo(spatial, temporal);
                used += bitrate;
                remaining = remaining == Unlimited ? Unlimited : Math.Max(0, remaining - bitrate);
            }
        }

        return used;
    }

    /// <summary>
    /// The layer for one track: pinned, else the best fitting under the cap, with hysteresis upwards except on the tick
    /// right after the viewer changed what it asks (<paramref name="viewerRequest"/>: a DELETE goes back up at once).
    /// </summary>
    public static int Choose(DownTrack track, long budget, bool mustSend, bool viewerRequest, long now, TimeProvider time)
    {
        var layers = track.Source.Layers;
        if (layers.Length == 1)
        {
            // One stream (thinned inside, if it has layers): always sent, as the only choice there is.
            return 0;
        }

        Span<int> ranked = stackalloc int[MediaSource.MaxLayers];
        var count = LayerRanking.Rank(layers, ranked);
        var constraints = track.Constraints;
        var (lowest, highest) = Candidates(track, ranked[..count]);
        if (highest < 0)
        {
            // Nothing active to choose: stay (a publisher that pauses everything comes back where it was).
            return track.TargetLayer;
        }

        if (constraints.PinnedLayer is not null && budget == Unlimited)
        {
            return ranked[highest];
        }

        var currentRank = RankOf(ranked[..count], track.TargetLayer);
        var best = -1;
        for (var rank = highest; rank >= lowest; rank--)
        {
            var layer = layers[ranked[rank]];
            if (!layer.IsActive)
            {
                continue;
            }

            var upgrade = currentRank >= 0 && rank > currentRank;
            // The lowest stream can still be thinned to its lowest spatial and temporal layer.
            var bitrate = rank == lowest ? SubLayerAllocator.LowestBitrate(layer) : layer.Bitrate;
            var needed = upgrade ? (long)(bitrate * LayerHysteresis.UpgradeMargin) : bitrate;
            if (budget == Unlimited || needed <= budget)
            {
                best = rank;
                break;
            }
        }

        if (best < 0)
        {
            best = mustSend ? lowest : -1;
        }

        if (best < 0)
        {
            return -1;
        }

        if (constraints.PinnedLayer is not null || viewerRequest)
        {
            // The viewer's own choice, not a bandwidth decision: it neither waits for nor arms the upgrade hold, so
            // lifting a pin goes back up at once when the budget allows.
            return ranked[best];
        }

        var hysteresis = track.Hysteresis;
        // Leaving a layer the publisher stopped is never held back, whichever way the ranking now puts it.
        var onStoppedLayer = track.TargetLayer >= 0 && !layers[track.TargetLayer].IsActive;
        if (currentRank >= 0 && best > currentRank && budget != Unlimited && !onStoppedLayer)
        {
            if (!hysteresis.MayUpgrade(now, time))
            {
                return track.TargetLayer;
            }
        }
        else if (currentRank >= 0 && best < currentRank)
        {
            hysteresis.OnDowngrade(now, time, budget, layers[track.TargetLayer].Bitrate);
        }
        else
        {
            hysteresis.OnNoUpgrade();
        }

        return ranked[best];
    }

    /// <summary>The best active layer the track's constraints allow, whatever the budget (what probing aims for); -1 if none.</summary>
    public static int BestAllowed(DownTrack track)
    {
        var layers = track.Source.Layers;
        if (layers.Length == 1)
        {
            return 0;
        }

        Span<int> ranked = stackalloc int[MediaSource.MaxLayers];
        var count = LayerRanking.Rank(layers, ranked);
        var (_, highest) = Candidates(track, ranked[..count]);
        return highest < 0 ? -1 : ranked[highest];
    }

    /// <summary>
    /// The ranks to choose from: active layers up to the cap; a pinned layer narrows them to itself or, when it
    /// stopped, what is below it. (-1, -1) when none is active.
    /// </summary>
    private static (int Lowest, int Highest) Candidates(DownTrack track, ReadOnlySpan<int> ranked)
    {
        var layers = track.Source.Layers;
        var constraints = track.Constraints;
        var cap = Math.Min(ranked.Length - 1, constraints.MaxRank ?? ranked.Length - 1);
        if (constraints.Viewport is { } viewport)
        {
            // Nothing larger than the smallest layer that fills the tile: the rest would be scaled down unseen.
            for (var rank = 0; rank < cap; rank++)
            {
                var layer = layers[ranked[rank]];
                if (layer.IsActive && viewport.IsCoveredBy(layer.Width, layer.Height))
                {
                    cap = rank;
                    break;
                }
            }
        }
        var highest = -1;
        var lowest = -1;
        for (var rank = 0; rank <= cap; rank++)
        {
            var layer = layers[ranked[rank]];
            if (!layer.IsActive)
            {
                continue;
            }

            lowest = lowest < 0 ? rank : lowest;
            highest = rank;
            if (constraints.PinnedLayer == layer.Index)
            {
                break;
            }
        }

        return (lowest, highest);
    }

    private static long RepairWindow(TimeProvider time) => (long)(SpatialRepairWindow.TotalSeconds * time.TimestampFrequency);

    private static int RankOf(ReadOnlySpan<int> ranked, int layer)
    {
        for (var rank = 0; rank < ranked.Length; rank++)
        {
            if (ranked[rank] == layer)
            {
                return rank;
            }
        }

        return -1;
    }
}
