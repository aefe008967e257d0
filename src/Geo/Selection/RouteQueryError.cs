namespace OctoMesh.Geo.Selection;

/// <summary>One invalid query parameter, for the "errors" member of a 400 problem+json (RFC 9457 §3.2 extension member).</summary>
public sealed record RouteQueryError(string Parameter, string Message);
