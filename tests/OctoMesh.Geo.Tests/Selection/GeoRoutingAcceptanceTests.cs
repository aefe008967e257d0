using System.Net;
using OctoMesh.Geo.Location;
using OctoMesh.Geo.Selection;
using OctoMesh.Geo.Tests.Location;
using static OctoMesh.Geo.Tests.Selection.DemoBridges;

namespace OctoMesh.Geo.Tests.Selection;

/// <summary>
/// Issue 4's acceptance, from the client's IP to the decision: a request arrives from a trusted proxy on loopback
/// with X-Forwarded-For, the address is geolocated in the restored DB-IP file, the selector picks a demo bridge.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GeoRoutingAcceptanceTests(GeoDatabaseFixture database) : IClassFixture<GeoDatabaseFixture>
{
    private static readonly ClientAddressResolver Proxies = new();

    private SelectionResult Route(string clientIp, IReadOnlyList<BridgeCandidate> bridges, BridgeSelector? selector = null, string room = "standup")
    {
        var client = Proxies.Resolve(IPAddress.Loopback, $"{clientIp}, 127.0.0.1");
        Assert.Equal(ClientAddressSource.ForwardedFor, client.Source);
        var location = database.Locator.Locate(client.Address);
        Assert.NotNull(location);
        return (selector ?? new BridgeSelector(new SelectionOptions())).Select(new RouteRequest
        {
            Room = room,
            Candidates = bridges,
            GeoIpLocation = new GeoCoordinate(location.Latitude, location.Longitude),
        });
    }

    [Theory]
    [InlineData("1.1.1.1", ApSoutheast, UsEast)]           // Sydney
    [InlineData("4.158.1.1", EuCentral, UsEast)]           // London
    [InlineData("12.95.1.1", UsEast, EuCentral)]           // New York
    [InlineData("219.103.100.1", ApSoutheast, EuCentral)]  // Tokyo
    [InlineData("3.44.200.1", UsEast, EuCentral)]          // São Paulo
    [InlineData("2001:799::1", EuCentral, UsEast)]         // London over IPv6
    public void Clients_land_on_the_nearest_bridge_and_on_the_next_nearest_when_it_drains_or_is_overloaded(string clientIp, string nearest, string nextNearest)
    {
        Assert.Equal(nearest, Route(clientIp, All()).Bridge?.Id);

        BridgeCandidate[] draining = [Frankfurt(draining: nearest == EuCentral), Virginia(draining: nearest == UsEast), SydneyBridge(draining: nearest == ApSoutheast)];
        Assert.Equal(nextNearest, Route(clientIp, draining).Bridge?.Id);

        BridgeCandidate[] stressed = [Frankfurt(nearest == EuCentral ? 0.9 : 0.2), Virginia(nearest == UsEast ? 0.9 : 0.2), SydneyBridge(nearest == ApSoutheast ? 0.9 : 0.2)];
        Assert.Equal(nextNearest, Route(clientIp, stressed).Bridge?.Id);
    }

    [Fact]
    public void A_second_person_from_the_same_region_lands_on_the_rooms_bridge_there()
    {
        // The room started in Virginia with a New Yorker; a second bridge in New York itself is nearer for the next one.
        BridgeCandidate[] bridges = [.. All(), new BridgeCandidate("us-east-2", "us-east-2", 40.71, -74.01, "1")];
        var selector = new BridgeSelector(new SelectionOptions());
        var first = selector.Select(new RouteRequest { Room = "standup", Candidates = [Frankfurt(), Virginia(), SydneyBridge()], GeoIpLocation = NewYork });

        var second = Route("12.95.1.1", bridges, selector);
        var otherRoom = Route("12.95.1.1", bridges, selector, room: "another");

        Assert.Equal(UsEast, first.Bridge?.Id);
        Assert.Equal((UsEast, SelectionReason.RoomBridgeNearby), (second.Bridge?.Id, second.Reason));
        Assert.Equal("us-east-2", otherRoom.Bridge?.Id);
    }
}
