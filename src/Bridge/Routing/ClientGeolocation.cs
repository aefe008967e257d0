using System.Net;
using OctoMesh.Geo.Location;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// Where a request's client is: its address from the TCP peer and X-Forwarded-For (believed only from trusted
/// proxies, <see cref="ClientAddressResolver"/>), looked up in the DB-IP city database. Without a database the
/// bridge still routes (by RTT probes or hints): that is said once in the log, not per request.
/// </summary>
public sealed class ClientGeolocation : IDisposable
{
    private readonly ClientAddressResolver _addresses;
    private readonly IGeoLocator _locator;
    private readonly IDisposable? _database;

    public ClientGeolocation(ClientAddressResolver addresses, IGeoLocator locator)
    {
        _addresses = addresses;
        _locator = locator;
    }

    private ClientGeolocation(ClientAddressResolver addresses, DbipCityLocator database)
        : this(addresses, (IGeoLocator)database)
    {
        _database = database;
    }

    /// <summary>Whether a geolocation database is in use.</summary>
    public bool HasDatabase => _locator is not UnknownLocationLocator;

    /// <summary>
    /// Opens the database in <paramref name="directory"/> (default: <see cref="DbipCityLocator.DefaultDirectory"/>);
    /// when it cannot be opened, logs why once and locates nobody.
    /// </summary>
    public static ClientGeolocation Open(ClientAddressResolver addresses, string? directory, ILogger logger)
    {
        try
        {
            var database = DbipCityLocator.Open(directory);
            RoutingLog.GeolocationReady(logger, database.BuildDate);
            return new ClientGeolocation(addresses, database);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            RoutingLog.GeolocationUnavailable(logger, e.Message);
            return new ClientGeolocation(addresses, UnknownLocationLocator.Instance);
        }
    }

    /// <summary>The client's location, or null when its address is private, unknown to the database, or missing.</summary>
    public GeoLocation? Locate(IPAddress? peer, string? forwardedFor)
    {
        if (peer is null)
        {
            return null;
        }

        var client = _addresses.Resolve(peer, forwardedFor);
        return _locator.Locate(client.Address);
    }

    public void Dispose() => _database?.Dispose();
}
