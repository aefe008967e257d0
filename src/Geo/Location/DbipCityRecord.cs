using MaxMind.Db;

namespace OctoMesh.Geo.Location;

/// <summary>
/// One record of the ip-location-db "dbip-city" MaxMind DB files. Their layout is flat, not GeoIP2's nested one:
/// <c>country_code, state1, state2, city, postcode, latitude, longitude, timezone</c> at the top level, with
/// latitude and longitude stored as 32-bit floats.
/// </summary>
internal sealed class DbipCityRecord
{
    [Constructor]
    public DbipCityRecord(
        [MapKey("latitude")] float? latitude,
        [MapKey("longitude")] float? longitude,
        [MapKey("city")] string? city,
        [MapKey("country_code")] string? countryCode)
    {
        Latitude = latitude;
        Longitude = longitude;
        City = city;
        CountryCode = countryCode;
    }

    public float? Latitude { get; }
    public float? Longitude { get; }
    public string? City { get; }
    public string? CountryCode { get; }
}
