namespace OctoMesh.Geo.Selection;

/// <summary>What one route request says about one bridge. <see cref="RttMs"/> is negative when the client measured nothing to it.</summary>
internal readonly record struct RequestFacts(double RttMs, int InRoom)
{
    public static readonly RequestFacts None = new(-1, 0);
}
