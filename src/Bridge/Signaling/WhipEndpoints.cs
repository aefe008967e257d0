using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// WHIP ingest (RFC 9725): <c>POST /whip/{room}</c> with an SDP offer creates a publishing session
/// and answers 201 with its Location; <c>DELETE</c> on that Location ends it; <c>PATCH</c> carries
/// trickle ICE fragments (§4.3.1), which an ICE-lite bridge accepts and does not need.
/// </summary>
public static class WhipEndpoints
{
    public const string TrickleIceContentType = "application/trickle-ice-sdpfrag";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/whip/{room}", CreateAsync);
        app.MapDelete("/whip/{room}/sessions/{id}", (string room, string id, SessionResources resources, ConferenceRegistry conferences) =>
            Delete(id, resources, conferences));
        app.MapMethods("/whip/{room}/sessions/{id}", ["PATCH"], (HttpRequest request, string id, SessionResources resources) =>
            Patch(request, id, resources));
    }

    private static async Task<IResult> CreateAsync(string room, HttpContext context, SessionNegotiator negotiator, SessionResources resources, IOptions<SignalingOptions> options)
    {
        if (!RoomNames.IsValid(room))
        {
            return Problems.BadRequest("Room names are 1-64 letters, digits, '.', '_' or '-'.");
        }

        var (sdp, problem) = await SdpRequestReader.ReadAsync(context.Request, options.Value.MaxSdpBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var result = negotiator.Publish(room, sdp!, EndpointRole.WhipPublisher, name: "whip");
        if (result.Problem is not null)
        {
            return result.Problem;
        }

        var id = SessionResources.NewId();
        resources.Add(id, result.Endpoint!);
        var location = $"/whip/{room}/sessions/{id}";
        return new SdpCreatedResult(location, result.AnswerSdp!, result.Endpoint!.Id);
    }

    internal static IResult Delete(string id, SessionResources resources, ConferenceRegistry conferences)
    {
        if (!resources.TryRemove(id, out var endpoint) || endpoint is null)
        {
            return Problems.NotFound($"No session '{id}' on this bridge.");
        }

        conferences.Leave(endpoint, "deleted");
        return Results.Ok();
    }

    internal static IResult Patch(HttpRequest request, string id, SessionResources resources)
    {
        if (resources.Find(id) is null)
        {
            return Problems.NotFound($"No session '{id}' on this bridge.");
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), TrickleIceContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType($"PATCH takes {TrickleIceContentType}.");
        }

        // RFC 9725 §4.3.1: the bridge is ICE-lite and learns the client's addresses from its
        // connectivity checks, so trickled candidates are acknowledged and not needed.
        return Results.NoContent();
    }
}
