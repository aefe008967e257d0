using OctoMesh.Bridge.Conferences;

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
                        layers.Add(new LayerStats(layer.Index, layer.Rid, layer.Ssrc, layer.IsActive, layer.Bitrate, layer.Width, layer.Height));
                    }

                    var viewers = new List<ViewerTrackStats>();
                    foreach (var downTrack in source.DownTracks)
                    {
                        viewers.Add(new ViewerTrackStats(downTrack.Subscriber.Id, downTrack.CurrentLayer, downTrack.TargetLayer,
                            downTrack.LayerSwitches, downTrack.Constraints.PinnedLayer, downTrack.Subscriber.VideoBudget == long.MaxValue ? null : downTrack.Subscriber.VideoBudget));
                    }

                    result.Add(new VideoSourceStats(conference.Name, source.Id, endpoint.IsLocal, layers, viewers));
                }
            }
        }

        return result;
    }
}

public sealed record LayerStats(int Index, string? Rid, uint Ssrc, bool Active, long Bitrate, int Width, int Height);

/// <summary>A viewer's copy of a source: the layer forwarded (-1 none yet or paused), the target, switches, a pin, its budget.</summary>
public sealed record ViewerTrackStats(string Viewer, int Layer, int TargetLayer, long Switches, int? PinnedLayer, long? EstimateBitrate);

public sealed record VideoSourceStats(string Room, string Source, bool Local, IReadOnlyList<LayerStats> Layers, IReadOnlyList<ViewerTrackStats> Viewers);
