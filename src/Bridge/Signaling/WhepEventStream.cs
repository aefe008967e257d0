using System.Text.Json;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Bridge.Hosting;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The WHEP server-sent events stream of one viewer (text/event-stream, WHATWG HTML §9.2): <c>active</c> and
/// <c>inactive</c> when the publisher's video starts or stops, <c>layers</c> when what it offers changes (rids,
/// bitrates, resolutions, and which one this viewer receives), <c>viewercount</c> when its audience changes, and
/// <c>dominantSpeaker</c> when the room's dominant speaker does (the same message as the room protocol's).
/// Each is sent when it changes, checked once a second (the speaker four times a second, so it keeps the
/// detector's pace), until the viewer or the request goes.
/// </summary>
internal static class WhepEventStream
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private const int ChecksPerLayerCheck = 4;

    public static async Task<IResult> RunAsync(ConferenceEndpoint viewer, HttpContext context, TimeProvider time)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(context.RequestAborted);

        string? lastActive = null, lastLayers = null, lastCount = null;
        long lastSpeakers = 0;
        using var timer = new PeriodicTimer(CheckInterval, time);
        var check = 0;
        try
        {
            do
            {
                if (viewer.SubscribeTransport is { IsClosed: true } || !viewer.Conference.Endpoints.Contains(viewer))
                {
                    break;
                }

                var (version, recent) = viewer.Conference.Speakers.Snapshot();
                if (version != lastSpeakers && recent.Count > 0)
                {
                    lastSpeakers = version;
                    await WriteAsync(response, "dominantSpeaker", JsonSerializer.Serialize(new { participantId = recent[0], recent }), context.RequestAborted);
                }

                if (check++ % ChecksPerLayerCheck != 0)
                {
                    continue;
                }

                var track = viewer.FirstVideoDownTrack();
                var active = track is { Source.IsActive: true } ? "active" : "inactive";
                if (active != lastActive)
                {
                    await WriteAsync(response, active, "{}", context.RequestAborted);
                    lastActive = active;
                }

                var layers = track is null ? "{}" : JsonSerializer.Serialize(Layers(track));
                if (layers != lastLayers)
                {
                    await WriteAsync(response, "layers", layers, context.RequestAborted);
                    lastLayers = layers;
                }

                var count = JsonSerializer.Serialize(new { viewercount = ViewerCount(track?.Source) });
                if (count != lastCount)
                {
                    await WriteAsync(response, "viewercount", count, context.RequestAborted);
                    lastCount = count;
                }
            }
            while (await timer.WaitForNextTickAsync(context.RequestAborted));
        }
        catch (OperationCanceledException)
        {
            // The viewer closed the stream.
        }

        return Results.Empty;
    }

    private static async Task WriteAsync(HttpResponse response, string name, string json, CancellationToken cancellation)
    {
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellation);
        await response.Body.FlushAsync(cancellation);
    }

    private static object Layers(DownTrack track)
    {
        var source = track.Source;
        Span<int> ranked = stackalloc int[MediaSource.MaxLayers];
        var count = LayerRanking.Rank(source.Layers, ranked);
        var layers = new List<object>(count);
        for (var rank = 0; rank < count; rank++)
        {
            var layer = source.Layers[ranked[rank]];
            layers.Add(new
            {
                encodingId = layer.Rid,
                spatialLayerId = rank,
                active = layer.IsActive,
                bitrate = layer.Bitrate / 1000 * 1000,
                width = layer.Width,
                height = layer.Height,
                layers = LayerStatistics.SubLayers(layer),
            });
        }

        var current = track.CurrentLayer;
        return new
        {
            video = new
            {
                layers,
                receiving = current < 0 ? null : source.Layers[current].Rid ?? current.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    private static int ViewerCount(MediaSource? source) => source?.DownTracks.Length ?? 0;
}
