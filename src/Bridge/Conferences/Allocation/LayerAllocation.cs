namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// The allocation tick: every <see cref="Interval"/>, measure every layer's bitrate, send keyframe requests the
/// per-source interval held back, and re-allocate every local viewer's video tracks within its estimate.
/// </summary>
public sealed class LayerAllocation(ConferenceRegistry conferences, TimeProvider time, ILogger<LayerAllocation> logger)
    : PeriodicTickService(Interval, time, logger, "Layer allocation")
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>One round over every conference.</summary>
    public override void Tick()
    {
        foreach (var conference in conferences.All)
        {
            var endpoints = conference.Endpoints;
            foreach (var endpoint in endpoints)
            {
                foreach (var source in endpoint.Sources)
                {
                    foreach (var layer in source.Layers)
                    {
                        layer.MeasureBitrate();
                    }

                    source.FlushKeyframeRequests();
                }
            }

            foreach (var endpoint in endpoints)
            {
                AllocateFor(endpoint);
            }
        }
    }

    private void AllocateFor(ConferenceEndpoint viewer)
    {
        var downTracks = viewer.DownTracks;
        var video = 0;
        foreach (var downTrack in downTracks)
        {
            video += downTrack.Source.Kind == TrackKind.Video ? 1 : 0;
        }

        if (video == 0)
        {
            return;
        }

        var audio = downTracks.Length - video;
        viewer.VideoBudget = viewer.Bandwidth.VideoBudget(audio);
        viewer.DesiredBitrate = DesiredBitrate(downTracks, audio);

        // Priority: pinned tracks first, then the room's order (the order the viewer subscribed in).
        var ordered = new DownTrack[video];
        var pinned = 0;
        var unpinned = ordered.Length - 1;
        foreach (var downTrack in downTracks)
        {
            if (downTrack.Source.Kind == TrackKind.Video)
            {
                ordered[downTrack.Constraints.IsPinned ? pinned++ : unpinned--] = downTrack;
            }
        }

        // Unpinned tracks were placed from the end: put them back in the room's order.
        Array.Reverse(ordered, pinned, ordered.Length - pinned);
        LayerAllocator.Allocate(ordered, viewer.VideoBudget, Time);
    }

    /// <summary>Every video track at its best allowed active layer, with the upgrade margin, plus audio.</summary>
    private static long DesiredBitrate(ReadOnlySpan<DownTrack> downTracks, int audioTracks)
    {
        var desired = audioTracks * ViewerBandwidth.AudioAllowance;
        foreach (var downTrack in downTracks)
        {
            if (downTrack.Source.Kind == TrackKind.Video && !downTrack.Constraints.IsHidden && LayerAllocator.BestAllowed(downTrack) is var best and >= 0)
            {
                desired += (long)(SubLayerAllocator.BestAllowedBitrate(downTrack, downTrack.Source.Layers[best]) * LayerHysteresis.UpgradeMargin);
            }
        }

        return desired;
    }
}
