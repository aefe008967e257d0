namespace OctoMesh.Bridge.Routing;

/// <summary>
/// The JSON body of <c>GET /api/route</c>: the bridge to use with its URLs for the room, how near it is, why it was
/// chosen (<see cref="ReasonCode"/> is stable, <see cref="Reason"/> is a sentence), and where the client was believed to be.
/// </summary>
public sealed record RouteResponse(
    RouteResponseBridge Bridge,
    double? DistanceKm,
    double? RttMs,
    string Reason,
    string ReasonCode,
    string Basis,
    RouteResponseLocation Location);
