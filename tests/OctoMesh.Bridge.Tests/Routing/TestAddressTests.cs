using System.Net;
using OctoMesh.Geo.Location;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>The test clients' addresses are where the routing tests assume: the installed DB-IP database says so.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TestAddressTests
{
    [Fact]
    public void Each_city_address_is_placed_in_its_city_by_the_installed_database()
    {
        using var locator = DbipCityLocator.Open(); // geodata/ next to the test assembly, copied by the build
        foreach (var client in CityClient.All.Append(CityClient.SecondLondoner))
        {
            var location = locator.Locate(IPAddress.Parse(client.Address));
            Assert.True(location?.City == client.DatabaseCity,
                $"DB-IP places {client.Address} in '{location?.City ?? "nowhere"}', not {client.DatabaseCity}: the database was updated; pick another address for {client.City} (see CityClient).");
        }
    }
}
