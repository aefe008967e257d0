namespace OctoMesh.Geo.Selection;

/// <summary>Either a <see cref="RouteQuery"/> or the reasons there is none.</summary>
public sealed record RouteQueryParseResult(RouteQuery? Query, IReadOnlyList<RouteQueryError> Errors)
{
    public bool IsValid => Query is not null;
}
