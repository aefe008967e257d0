using System.Net;

namespace OctoMesh.Geo.Location;

/// <summary>Maps a client's IP address to a location.</summary>
public interface IGeoLocator
{
    /// <summary>
    /// The location of <paramref name="address"/>, or null when it is unknown: not in the database, or not a public
    /// address (private, loopback, link-local, CGNAT, unique-local, documentation, multicast; see <see cref="AddressScope"/>).
    /// Never throws for any address.
    /// </summary>
    GeoLocation? Locate(IPAddress address);
}
