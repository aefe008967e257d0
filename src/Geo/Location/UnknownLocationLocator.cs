using System.Net;

namespace OctoMesh.Geo.Location;

/// <summary>A locator that knows nothing: for bridges run without a geolocation database. Selection then relies on RTT or hints.</summary>
public sealed class UnknownLocationLocator : IGeoLocator
{
    public static UnknownLocationLocator Instance { get; } = new();

    public GeoLocation? Locate(IPAddress address) => null;
}
