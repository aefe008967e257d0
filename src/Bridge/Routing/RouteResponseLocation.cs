namespace OctoMesh.Bridge.Routing;

/// <summary>Where the client was believed to be: <c>geoIp</c> (its address), <c>hint</c> (lat/lon it sent) or <c>none</c>.</summary>
public sealed record RouteResponseLocation(string Source, double? Lat, double? Lon, string? City, string? Country);
