using System.Net;
using Microsoft.Extensions.Logging;
using OctoMesh.Bridge.Routing;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Geo.Location;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>Without its database the router still works: it says so once, then locates nobody.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GeolocationFallbackTests
{
    [Fact]
    public void A_missing_database_is_logged_once_and_routing_goes_on_without_geolocation()
    {
        var log = new CapturedLog();
        using var geolocation = ClientGeolocation.Open(new ClientAddressResolver(), Path.Combine(Path.GetTempPath(), $"no-geodata-{Guid.NewGuid():N}"), log.CreateLogger("routing"));

        Assert.False(geolocation.HasDatabase);
        Assert.Null(geolocation.Locate(IPAddress.Loopback, CityClient.Sydney.Address));
        Assert.Null(geolocation.Locate(null, CityClient.Sydney.Address));
        var warning = Assert.Single(log.Entries);
        Assert.Contains("without IP geolocation", warning);
    }

    [Fact]
    public void With_the_database_a_trusted_forwarded_address_is_located_and_an_untrusted_one_is_not()
    {
        var log = new CapturedLog();
        using var geolocation = ClientGeolocation.Open(new ClientAddressResolver(), directory: null, log.CreateLogger("routing"));
        Assert.True(geolocation.HasDatabase, $"The DB-IP database is missing from {DbipCityLocator.DefaultDirectory}: build src/Geo with npm available. {log}");

        Assert.Equal("Sydney", geolocation.Locate(IPAddress.Loopback, CityClient.Sydney.Address)?.City);
        // The peer is not a trusted proxy: its own address counts, and the header it wrote is ignored.
        Assert.Equal("London", geolocation.Locate(IPAddress.Parse(CityClient.London.Address), CityClient.Sydney.Address)?.City);
    }
}
