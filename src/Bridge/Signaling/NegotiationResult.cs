using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

/// <summary>The outcome of answering an offer: an endpoint and its SDP answer, or the problem to report.</summary>
public sealed record NegotiationResult(ConferenceEndpoint? Endpoint, string? AnswerSdp, IResult? Problem, string? ProblemDetail)
{
    public static NegotiationResult Succeeded(ConferenceEndpoint endpoint, string answerSdp) => new(endpoint, answerSdp, null, null);

    public static NegotiationResult BadSdp(string detail) => new(null, null, Problems.BadSdp(detail), detail);

    public static NegotiationResult NotFound(string detail) => new(null, null, Problems.NotFound(detail), detail);
}
