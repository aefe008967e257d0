namespace OctoMesh.Bridge.Signaling;

/// <summary>201 Created with a Location and an <c>application/sdp</c> answer (RFC 9725 §4.2).</summary>
public sealed class SdpCreatedResult(string location, string answerSdp) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = location;
        response.Headers["Accept-Patch"] = WhipEndpoints.TrickleIceContentType;
        response.ContentType = SdpRequestReader.SdpContentType;
        await response.WriteAsync(answerSdp, httpContext.RequestAborted);
    }
}
