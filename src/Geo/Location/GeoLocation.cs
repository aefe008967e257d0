namespace OctoMesh.Geo.Location;

/// <summary>Where an IP address is, as far as the geolocation database knows: WGS 84 degrees, city and ISO 3166-1 alpha-2 country.</summary>
public sealed record GeoLocation(double Latitude, double Longitude, string? City, string? CountryCode);
