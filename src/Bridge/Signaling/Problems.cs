namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The bridge's public HTTP errors as RFC 9457 problem+json, each with a stable <c>type</c> URI
/// that clients can switch on.
/// </summary>
public static class Problems
{
    private const string TypeBase = "https://octomesh.dev/problems/";

    public static IResult BadSdp(string detail) => Problem(StatusCodes.Status400BadRequest, "bad-sdp", "The SDP offer is not acceptable", detail);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "bad-request", "Bad request", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    public static IResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    public static IResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "Request body too large", $"The body exceeds {limit} bytes.");

    public static IResult Problem(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type);
}
