namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// 201 Created with a Location and an <c>application/sdp</c> answer (RFC 9725 §4.2). A WHIP answer also names
/// the publisher's participant id in <see cref="ParticipantHeader"/>, so a WHEP client can play it by name
/// (<c>/whep/{room}/{participant}</c>).
/// </summary>
public sealed class SdpCreatedResult(string location, string answerSdp, string? participantId = null, IReadOnlyList<string>? links = null) : IResult
{
    /// <summary>Response header carrying the publishing participant's id.</summary>
    public const string ParticipantHeader = "OctoMesh-Participant";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = location;
        response.Headers["Accept-Patch"] = WhipEndpoints.TrickleIceContentType;
        if (links is { Count: > 0 })
        {
            response.Headers.Link = links.ToArray();
        }

        if (participantId is not null)
        {
            response.Headers[ParticipantHeader] = participantId;
        }
        response.ContentType = SdpRequestReader.SdpContentType;
        await response.WriteAsync(answerSdp, httpContext.RequestAborted);
    }
}
