namespace OctoMesh.Geo.Selection;

/// <summary>The validated query of GET /api/route: <c>room</c>, optional <c>lat</c>/<c>lon</c> hint, optional <c>rtt=&lt;bridge&gt;:&lt;ms&gt;,...</c>.</summary>
public sealed record RouteQuery(string Room, GeoCoordinate? Hint, IReadOnlyList<RttSample> Rtts);
