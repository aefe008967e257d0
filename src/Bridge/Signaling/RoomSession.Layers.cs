using System.Text.Json;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>The room protocol's layer messages (issue 12): the page's tile sizes in, what the bridge forwards out.</summary>
public sealed partial class RoomSession
{
    private const int MaxVideoConstraints = 500;
    private const int MaxViewportPixels = 16384;
    private const double MaxViewportFrameRate = 240;

    /// <summary>Every <see cref="ReceivingReport.Interval"/>, the <c>receiving</c> message, when it changed.</summary>
    private async Task ReportLoopAsync(CancellationToken cancellationToken)
    {
        var last = "";
        using var timer = new PeriodicTimer(ReceivingReport.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_endpoint is not { } endpoint || endpoint.DownTracks.IsEmpty)
                {
                    continue;
                }

                var report = ReceivingReport.Create(endpoint);
                var json = JsonSerializer.Serialize(report, RoomJson.Options);
                if (json != last)
                {
                    last = json;
                    Send(report);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
    }

    /// <summary>
    /// The page's tiles: each received video is capped at what its tile shows (0 × 0 pauses it). Entries for someone who
    /// has left are ignored; a malformed entry refuses the whole message and changes nothing.
    /// </summary>
    private void SetVideoConstraints(List<VideoConstraint>? tracks)
    {
        if (_endpoint is null || tracks is null || tracks.Count > MaxVideoConstraints)
        {
            Send(new { type = "error", code = "bad-request", message = $"videoConstraints needs joining first and 'tracks', at most {MaxVideoConstraints}." });
            return;
        }

        var viewports = new List<(string ParticipantId, Viewport Viewport)>(tracks.Count);
        foreach (var track in tracks)
        {
            if (track?.ParticipantId is not { } participantId
                || track.Width is not (>= 0 and <= MaxViewportPixels) || track.Height is not (>= 0 and <= MaxViewportPixels)
                || track.FrameRate is < 0 or > MaxViewportFrameRate || track.FrameRate is double.NaN)
            {
                Send(new { type = "error", code = "bad-request",
                    message = $"Each videoConstraints track needs 'participantId', 'width' and 'height' (0-{MaxViewportPixels}), and 'frameRate' 0-{MaxViewportFrameRate} if given." });
                return;
            }

            viewports.Add((participantId, new Viewport(track.Width.Value, track.Height.Value, track.FrameRate ?? 0)));
        }

        foreach (var downTrack in _endpoint.DownTracks)
        {
            if (downTrack.Source.Kind != TrackKind.Video)
            {
                continue;
            }

            foreach (var (participantId, viewport) in viewports)
            {
                if (downTrack.Source.Publisher.Id == participantId)
                {
                    downTrack.Constraints = downTrack.Constraints with { Viewport = viewport };
                }
            }
        }
    }
}
