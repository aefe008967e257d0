using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Hosting;

/// <summary>What <c>/api/stats</c> tells about simulcast: each video source's layers, each viewer's forwarded layer.</summary>
public static class LayerStatistics
{
    public static IReadOnlyList<VideoSourceStats> Sources(ConferenceRegistry conferences)
    {
        var result = new List<VideoSourceStats>();
        foreach (var conference in conferences.All)
        {
            foreach (var endpoint in conference.Endpoints)
            {
                foreach (var source in endpoint.Sources)
                {
                    if (source.Kind != TrackKind.Video)
                    {
                        continue;
                    }

                    var layers = new List<LayerStats>();
                    foreach (var layer in source.Layers)
                    {
                        layers.Add(new LayerStats(layer.Index, layer.Rid, layer.Ssrc, layer.IsActive, layer.Bitrate, layer.Width, layer.Height,
                            SubLayers(layer)));
                    }

                    var viewers = new List<ViewerTrackStats>();
                    foreach (var downTrack in source.DownTracks)
                    {
                        viewers.Add(new ViewerTrackStats(downTrack.Subscriber.Id, downTrack.CurrentLayer, downTrack.TargetLayer,
                            downTrack.LayerSwitches, downTrack.Constraints.PinnedLayer, NullIfUnlimited(downTrack.Subscriber.VideoBudget),
                            new TargetChangeStats(downTrack.TargetChanges(LayerChangeReason.Bandwidth), downTrack.TargetChanges(LayerChangeReason.ViewerRequest),
                                downTrack.TargetChanges(LayerChangeReason.LayerStopped)),
                            downTrack.CurrentSpatialLayer, downTrack.CurrentTemporalLayer, downTrack.TargetSpatialLayer, downTrack.TargetTemporalLayer,
                            downTrack.LayerDrops, downTrack.Retransmissions, downTrack.RepairsSkipped, downTrack.KeyframesForwarded));
                    }

                    result.Add(new VideoSourceStats(conference.Name, source.Id, endpoint.IsLocal, source.KeyframeRequestsSent, layers, viewers));
                }
            }
        }

        return result;
    }

    public static IReadOnlyList<ViewerBandwidthStats> Viewers(ConferenceRegistry conferences)
    {
        var result = new List<ViewerBandwidthStats>();
        foreach (var conference in conferences.All)
        {
            foreach (var endpoint in conference.Endpoints)
            {
                if (endpoint.SubscribeTransport is null)
                {
                    continue;
                }

                var bandwidth = endpoint.Bandwidth;
                var probes = bandwidth.ProbeResults;
                var roundTrip = bandwidth.RoundTrip;
                result.Add(new ViewerBandwidthStats(conference.Name, endpoint.Id, bandwidth.Mode, NullIfUnlimited(bandwidth.Estimate),
                    NullIfUnlimited(endpoint.VideoBudget), endpoint.DesiredBitrate, bandwidth.Feedbacks, bandwidth.MalformedFeedback,
                    bandwidth.ProbeBytes, probes.Count, probes.Last,
                    roundTrip.Samples == 0 ? null : Math.Round(roundTrip.RoundTrip.TotalMilliseconds, 1), roundTrip.Samples));
            }
        }

        return result;
    }

    /// <summary>
    /// The spatial and temporal layers inside a stream, each with what a viewer of it and everything below receives;
    /// empty for a stream without layers.
    /// </summary>
    public static IReadOnlyList<SubLayerStats> SubLayers(SourceLayer layer)
    {
        int spatialLayers = layer.HighestSpatialLayer, temporalLayers = layer.HighestTemporalLayer;
        if (spatialLayers == 0 && temporalLayers == 0)
        {
            return [];
        }

        var result = new List<SubLayerStats>();
        for (var spatial = 0; spatial <= spatialLayers; spatial++)
        {
            var (width, height) = layer.SpatialSize(spatial);
            for (var temporal = 0; temporal <= temporalLayers; temporal++)
            {
                result.Add(new SubLayerStats(spatial, temporal, layer.BitrateUpTo(spatial, temporal), width, height));
            }
        }

        return result;
    }

    /// <summary>No estimate (unlimited) shows as null.</summary>
    private static long? NullIfUnlimited(long bitrate) => bitrate == LayerAllocator.Unlimited ? null : bitrate;
}

/// <summary>
/// A viewer's downlink: where its estimate comes from, the estimate, the video budget, what it could use, feedback and
/// probes, and the round trip its receiver reports measured (null before the first).
/// </summary>
public sealed record ViewerBandwidthStats(string Room, string Viewer, string Mode, long? EstimateBitrate, long? VideoBudget,
    long DesiredBitrate, long Feedbacks, long MalformedFeedback, long ProbeBytes, int ProbeResults, long LastProbeResult,
    double? RoundTripMilliseconds, long RoundTripSamples);

/// <summary>One RTP stream of a source (a simulcast encoding, or the only one), with the layers inside it.</summary>
public sealed record LayerStats(int Index, string? Rid, uint Ssrc, bool Active, long Bitrate, int Width, int Height, IReadOnlyList<SubLayerStats> SubLayers);

/// <summary>A spatial and temporal layer pair inside a stream: the bitrate of it and every layer below, and its picture size.</summary>
public sealed record SubLayerStats(int SpatialLayer, int TemporalLayer, long Bitrate, int Width, int Height);

/// <summary>
/// A viewer's copy of a source: the layer forwarded (-1 none yet or paused), the target, switches, a pin, its budget,
/// target changes by reason, and inside the stream the highest spatial and temporal layer ids forwarded and targeted
/// (3 = all) with the packets left out for them; packets repaired on the viewer's NACKs, and NACKs left unanswered
/// because the repair was of no use (sent before the last keyframe, of a layer it no longer gets, or repaired within a
/// round trip); keyframes forwarded.
/// </summary>
public sealed record ViewerTrackStats(string Viewer, int Layer, int TargetLayer, long Switches, int? PinnedLayer, long? EstimateBitrate,
    TargetChangeStats TargetChanges, int SpatialLayer, int TemporalLayer, int TargetSpatialLayer, int TargetTemporalLayer, long LayerDrops,
    long Retransmissions, long RepairsSkipped, long KeyframesForwarded);

/// <summary>The allocator's changes of a track's target layer, by reason.</summary>
public sealed record TargetChangeStats(long Bandwidth, long ViewerRequest, long LayerStopped);

/// <summary>A video source: its layers, its viewers, and the keyframe requests (PLIs, or relay requests) the bridge sent for it.</summary>
public sealed record VideoSourceStats(string Room, string Source, bool Local, long KeyframeRequests, IReadOnlyList<LayerStats> Layers,
    IReadOnlyList<ViewerTrackStats> Viewers);
