namespace OctoMesh.Geo.Selection;

/// <summary>A point on the Earth in WGS 84 degrees. Construct through <see cref="TryCreate"/> when the values come from outside.</summary>
public readonly record struct GeoCoordinate
{
    public GeoCoordinate(double latitude, double longitude)
    {
        if (!IsValid(latitude, longitude))
            throw new ArgumentOutOfRangeException(nameof(latitude), $"({latitude}, {longitude}) is not a coordinate: latitude must be in [-90, 90] and longitude in [-180, 180].");
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude)
        && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    public static bool TryCreate(double latitude, double longitude, out GeoCoordinate coordinate)
    {
        coordinate = default;
        if (!IsValid(latitude, longitude))
            return false;
        coordinate = new GeoCoordinate(latitude, longitude);
        return true;
    }

    /// <summary>The point as a unit vector from the Earth's centre: comparing dot products ranks distances with three multiplications.</summary>
    internal UnitVector ToUnitVector() => UnitVector.FromDegrees(Latitude, Longitude);

    public override string ToString() => FormattableString.Invariant($"({Latitude:0.####}, {Longitude:0.####})");
}
