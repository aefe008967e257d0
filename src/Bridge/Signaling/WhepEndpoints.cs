using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// WHEP playback: <c>POST /whep/{room}</c> plays the room's newest publisher,
/// <c>POST /whep/{room}/{participant}</c> a given one; <c>DELETE</c> on the Location ends it.
/// </summary>
public static class WhepEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/whep/{room}", (string room, HttpContext context, SessionNegotiator negotiator, SessionResources resources, IOptions<SignalingOptions> options) =>
            CreateAsync(room, null, context, negotiator, resources, options));
        app.MapPost("/whep/{room}/{participant}", (string room, string participant, HttpContext context, SessionNegotiator negotiator, SessionResources resources, IOptions<SignalingOptions> options) =>
            CreateAsync(room, participant, context, negotiator, resources, options));
        app.MapDelete("/whep/{room}/sessions/{id}", (string id, SessionResources resources, ConferenceRegistry conferences) =>
            WhipEndpoints.Delete(id, resources, conferences));
        app.MapMethods("/whep/{room}/sessions/{id}", ["PATCH"], (HttpRequest request, string id, SessionResources resources) =>
            WhipEndpoints.Patch(request, id, resources));
        WhepLayerEndpoints.Map(app);
    }

    private static async Task<IResult> CreateAsync(string room, string? participant, HttpContext context, SessionNegotiator negotiator,
        SessionResources resources, IOptions<SignalingOptions> options)
    {
        if (!RoomNames.IsValid(room) || (participant is not null && !RoomNames.IsValid(participant)))
        {
            return Problems.BadRequest("Room and participant names are 1-64 letters, digits, '.', '_' or '-'.");
        }

        var (sdp, problem) = await SdpRequestReader.ReadAsync(context.Request, options.Value.MaxSdpBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var result = negotiator.Play(room, participant, sdp!);
        if (result.Problem is not null)
        {
            return result.Problem;
        }

        var id = SessionResources.NewId();
        resources.Add(id, result.Endpoint!);
        var location = $"/whep/{room}/sessions/{id}";
        return new SdpCreatedResult(location, result.AnswerSdp!, links: WhepLayerEndpoints.Links(location));
    }
}
