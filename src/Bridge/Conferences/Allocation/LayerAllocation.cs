namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// The allocation tick: every <see cref="Interval"/>, measure every layer's bitrate, send keyframe requests the
/// per-source interval held back, and re-allocate every local viewer's video tracks within its estimate.
/// </summary>
public sealed partial class LayerAllocation(ConferenceRegistry conferences, TimeProvider time, ILogger<LayerAllocation> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Tick();
            }
            catch (Exception exception)
            {
                // One bad round (a bug) must not end allocation for the bridge's life, nor stop the host.
                Log.TickFailed(logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Error, "Layer allocation: a tick failed; the next one runs as usual")]
        public static partial void TickFailed(ILogger logger, Exception exception);
    }

    /// <summary>One round over every conference (public for virtual-time tests).</summary>
    public void Tick()
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
                ordered[downTrack.Constraints.PinnedLayer is null ? unpinned-- : pinned++] = downTrack;
            }
        }

        // Unpinned tracks were placed from the end: put them back in the room's order.
        Array.Reverse(ordered, pinned, ordered.Length - pinned);
        LayerAllocator.Allocate(ordered, viewer.VideoBudget, time);
    }

    /// <summary>Every video track at its best allowed active layer, with the upgrade margin, plus audio.</summary>
    private static long DesiredBitrate(ReadOnlySpan<DownTrack> downTracks, int audioTracks)
    {
        var desired = audioTracks * ViewerBandwidth.AudioAllowance;
        foreach (var downTrack in downTracks)
        {
            if (downTrack.Source.Kind == TrackKind.Video && LayerAllocator.BestAllowed(downTrack) is var best and >= 0)
            {
                desired += (long)(downTrack.Source.Layers[best].Bitrate * LayerHysteresis.UpgradeMargin);
            }
        }

        return desired;
    }
}
