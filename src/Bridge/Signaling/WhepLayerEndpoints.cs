using System.Text.Json;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The WHEP layer and server-sent events extensions (draft-ietf-wish-whep, "Extensions"): a viewer pins or caps
/// the layer it receives with <c>POST {session}/layer</c> and goes back to automatic with <c>DELETE</c>; it
/// follows the publisher with <c>GET {session}/sse</c> (<c>active</c>, <c>inactive</c>, <c>layers</c>, <c>viewercount</c>).
/// </summary>
public static class WhepLayerEndpoints
{
    public const string LayerRel = "urn:ietf:params:whep:ext:core:layer";
    public const string ServerSentEventsRel = "urn:ietf:params:whep:ext:core:server-sent-events";
    private const int MaxLayerRequestBytes = 4096;

    /// <summary>The Link headers a WHEP answer carries (RFC 8288), one per extension.</summary>
    public static IReadOnlyList<string> Links(string location) =>
    [
        $"<{location}/layer>; rel=\"{LayerRel}\"",
        $"<{location}/sse>; rel=\"{ServerSentEventsRel}\"; events=\"active,inactive,layers,viewercount,dominantSpeaker\"",
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/whep/{room}/sessions/{id}/layer", (string id, HttpRequest request, SessionResources resources) =>
            SelectAsync(id, request, resources));
        app.MapDelete("/whep/{room}/sessions/{id}/layer", (string id, SessionResources resources) =>
        {
            if (resources.Find(id)?.FirstVideoDownTrack() is not { } track)
            {
                return Problems.NotFound($"No WHEP session '{id}' with video.");
            }

            track.Constraints = LayerConstraints.Automatic;
            return Results.NoContent();
        });
        app.MapGet("/whep/{room}/sessions/{id}/sse", (string id, HttpContext context, SessionResources resources, TimeProvider time) =>
            resources.Find(id) is { } viewer ? WhepEventStream.RunAsync(viewer, context, time) : Task.FromResult(Problems.NotFound($"No WHEP session '{id}'.")));
    }

    private static async Task<IResult> SelectAsync(string id, HttpRequest request, SessionResources resources)
    {
        if (resources.Find(id)?.FirstVideoDownTrack() is not { } track)
        {
            return Problems.NotFound($"No WHEP session '{id}' with video.");
        }

        if (request.ContentLength is > MaxLayerRequestBytes)
        {
            return Problems.TooLarge(MaxLayerRequestBytes);
        }

        LayerRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<LayerRequest>(request.Body, LayerRequest.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException error)
        {
            return Problems.BadRequest($"The layer request is not valid JSON: {error.Message}");
        }

        if (body is null)
        {
            return Problems.BadRequest("The layer request is empty.");
        }

        var (constraints, problem) = body.ToConstraints(track.Source);
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }

        track.Constraints = constraints!;
        return Results.NoContent();
    }
}
