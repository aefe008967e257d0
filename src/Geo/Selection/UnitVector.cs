namespace OctoMesh.Geo.Selection;

/// <summary>
/// A point on the unit sphere. For two points at central angle θ the dot product is cos θ, which falls as the
/// great-circle distance grows, so "nearest" is "largest dot product" with no trigonometry per comparison.
/// </summary>
internal readonly record struct UnitVector(double X, double Y, double Z)
{
    public static UnitVector FromDegrees(double latitude, double longitude)
    {
        var phi = double.DegreesToRadians(latitude);
        var lambda = double.DegreesToRadians(longitude);
        var cosPhi = Math.Cos(phi);
        return new UnitVector(cosPhi * Math.Cos(lambda), cosPhi * Math.Sin(lambda), Math.Sin(phi));
    }

    /// <summary>1 − cos θ: 0 for the same point, 2 for antipodes; monotonic in distance.</summary>
    public double AngularGap(in UnitVector other) => 1 - (X * other.X + Y * other.Y + Z * other.Z);

    /// <summary>The <see cref="AngularGap"/> of two points <paramref name="kilometres"/> apart.</summary>
    public static double AngularGapForDistance(double kilometres) =>
        1 - Math.Cos(Math.Min(kilometres / GreatCircle.EarthRadiusKm, Math.PI));
}
