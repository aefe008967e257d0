using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The room protocol's <c>receiving</c> message (docs/protocol.md): the participant's downlink estimate and, per video
/// it receives, the layer the bridge forwards, so the page can show each tile's layer and the estimate.
/// </summary>
public static class ReceivingReport
{
    /// <summary>How often the room session sends it, when it changed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static object Create(ConferenceEndpoint viewer)
    {
        var tracks = new List<object>();
        foreach (var downTrack in viewer.DownTracks)
        {
            if (downTrack.Source.Kind != TrackKind.Video)
            {
                continue;
            }

            var current = downTrack.CurrentLayer;
            var layer = current >= 0 ? downTrack.Source.Layers[current] : null;
            var spatial = layer is null ? 0 : Math.Min(downTrack.CurrentSpatialLayer, layer.HighestSpatialLayer);
            var (width, height) = layer?.SpatialSize(spatial) ?? (0, 0);
            tracks.Add(new
            {
                participantId = downTrack.Source.Publisher.Id,
                paused = layer is null,
                encodingId = layer?.Rid,
                spatialLayerId = layer is null || layer.HighestSpatialLayer == 0 ? (int?)null : spatial,
                temporalLayerId = layer is null || layer.HighestTemporalLayer == 0 ? (int?)null : Math.Min(downTrack.CurrentTemporalLayer, layer.HighestTemporalLayer),
                width,
                height,
            });
        }

        var estimate = viewer.Bandwidth.Estimate;
        return new
        {
            type = "receiving",
            estimate = estimate == LayerAllocator.Unlimited ? (long?)null : estimate / 1000 * 1000,
            mode = viewer.Bandwidth.Mode,
            tracks,
        };
    }
}
