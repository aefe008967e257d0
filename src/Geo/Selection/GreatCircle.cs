namespace OctoMesh.Geo.Selection;

/// <summary>Distances on a spherical Earth.</summary>
public static class GreatCircle
{
    /// <summary>The IUGG mean Earth radius (R1), in kilometres; the spherical model errs by at most about 0.5 %.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>
    /// Great-circle distance by the haversine formula, which stays accurate for small distances where the law of
    /// cosines loses precision: a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2), d = 2R · asin(√a).
    /// </summary>
    public static double DistanceKm(GeoCoordinate from, GeoCoordinate to)
    {
        var phi1 = double.DegreesToRadians(from.Latitude);
        var phi2 = double.DegreesToRadians(to.Latitude);
        var sinHalfDeltaPhi = Math.Sin((phi2 - phi1) / 2);
        var sinHalfDeltaLambda = Math.Sin(double.DegreesToRadians(to.Longitude - from.Longitude) / 2);
        var a = sinHalfDeltaPhi * sinHalfDeltaPhi + Math.Cos(phi1) * Math.Cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda;
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(a, 0, 1)));
    }
}
