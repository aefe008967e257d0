using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OctoMesh.Bridge.Routing;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;
using OctoMesh.Bridge.Tests.Mesh;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// Issue 4 acceptance over the demo's three bridges (eu-central Frankfurt, us-east Virginia, ap-southeast Sydney) in
/// this process: clients behind a trusted proxy (loopback) in five cities, drained and overloaded bridges, a room
/// already hosted nearby, a bridge that dies. Every bridge answers <c>GET /api/route</c>.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
[Collection(EndToEndCollection.Name)]
public sealed class MeshRoutingTests(DemoMeshFixture fixture) : IClassFixture<DemoMeshFixture>
{

    [Fact]
    public async Task Clients_in_five_cities_land_on_the_nearest_bridge_whichever_bridge_they_ask()
    {
        var mesh = fixture.Mesh;
        var room = 0;
        foreach (var client in CityClient.All)
        {
            foreach (var (askedId, asked) in mesh.Bridges)
            {
                var answer = await RouteAnswer.GetAsync(asked, $"room=nearest-{room++}", client.Address);
                Assert.True(answer.BridgeId == client.Nearest,
                    $"{client} asking {askedId} was routed to {answer.BridgeId} ({answer.Reason}); the nearest bridge is {client.Nearest}.");
                Assert.Equal("nearest", answer.ReasonCode);
                Assert.Equal("geoIp", answer.Basis);
                Assert.Equal(client.DatabaseCity, answer.City);
                Assert.Equal(mesh[client.Nearest].BaseAddress.AbsoluteUri, answer.Http);
                Assert.EndsWith($"/whip/nearest-{room - 1}", answer.Whip);
                Assert.StartsWith("ws://", answer.Ws);
            }
        }
    }

    [Fact]
    public async Task With_the_nearest_bridge_draining_or_overloaded_clients_land_on_the_next_nearest()
    {
        var mesh = fixture.Mesh;
        var room = 0;
        foreach (var client in CityClient.All)
        {
            // Ask a bridge other than the one being drained: its view comes from the shared registry.
            var asked = mesh.Bridges.First(b => b.Key != client.Nearest).Value;

            var drained = await WhileAdvertisingAsync(mesh[client.Nearest], stress: 0, draining: true,
                () => RouteAnswer.GetAsync(asked, $"room=drain-{room++}", client.Address), client.NextNearest, $"{client} with {client.Nearest} draining");
            Assert.Equal("nearest", drained.ReasonCode);

            var overloaded = await WhileAdvertisingAsync(mesh[client.Nearest], stress: 0.95, draining: false,
                () => RouteAnswer.GetAsync(asked, $"room=overload-{room++}", client.Address), client.NextNearest, $"{client} with {client.Nearest} at stress 0.95");
            Assert.Equal("nearest", overloaded.ReasonCode);
            Assert.Contains($"the nearer {client.Nearest}", overloaded.Reason);

            await mesh[client.Nearest].Services.GetRequiredService<IBridgeRegistry>().UpdateAsync(0, draining: false);
        }
    }

    [Fact]
    public async Task A_second_person_from_the_same_region_lands_on_the_rooms_bridge_there()
    {
        var mesh = fixture.Mesh;
        const string Room = "london-standup";

        // The first Londoner is routed to eu-central and actually joins there (a headless WHIP publisher).
        var first = await RouteAnswer.GetAsync(mesh["us-east"], $"room={Room}", CityClient.London.Address);
        Assert.Equal("eu-central", first.BridgeId);
        await using var publisher = await HeadlessSession.PublishAsync(mesh[first.BridgeId], Room);

        // ap-southeast never routed anyone to this room; it knows the room from the mesh's mirror of the publisher.
        var askedId = "ap-southeast";
        var asked = mesh[askedId];
        await Eventually.Until(
            () => Task.FromResult(asked.Services.GetRequiredService<RoomDirectory>().ParticipantsByBridge(Room, askedId)?.GetValueOrDefault("eu-central") == 1),
            Eventually.Patience, $"{askedId} to see the eu-central participant of {Room}",
            () => Task.FromResult($"{askedId} log: {asked.Log}"));

        var second = await RouteAnswer.GetAsync(asked, $"room={Room}", CityClient.SecondLondoner.Address);
        Assert.True(second.BridgeId == "eu-central" && second.ReasonCode == "roomBridgeNearby",
            $"The second Londoner was routed to {second.BridgeId} ({second.ReasonCode}: {second.Reason}); expected eu-central, the room's bridge nearby.");

        // The room's bridge wins even over a slightly nearer bridge, when it is near enough (measured RTT within 40 ms).
        var measured = await RouteAnswer.GetAsync(asked, $"room={Room}&rtt=eu-central:35,us-east:20,ap-southeast:300");
        Assert.Equal(("eu-central", "roomBridgeNearby", "measuredRtt"), (measured.BridgeId, measured.ReasonCode, measured.Basis));
        var elsewhere = await RouteAnswer.GetAsync(asked, "room=some-other-room&rtt=eu-central:35,us-east:20,ap-southeast:300");
        Assert.Equal(("us-east", "nearest", 20.0), (elsewhere.BridgeId, elsewhere.ReasonCode, elsewhere.RttMs));
    }

    [Fact]
    public async Task Every_bridge_lists_the_mesh_for_probing()
    {
        var mesh = fixture.Mesh;
        foreach (var (id, bridge) in mesh.Bridges)
        {
            var list = await bridge.Http.GetFromJsonAsync<JsonElement>("api/bridges");
            Assert.Equal(id, list.GetProperty("self").GetProperty("id").GetString());
            var listed = list.GetProperty("bridges").EnumerateArray()
                .ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("http").GetString());
            Assert.Equal(mesh.Bridges.ToDictionary(b => b.Key, b => (string?)b.Value.BaseAddress.AbsoluteUri).OrderBy(p => p.Key), listed.OrderBy(p => p.Key));
        }
    }

    /// <summary>
    /// Advertises <paramref name="stress"/> and <paramref name="draining"/> for <paramref name="bridge"/> and routes until the
    /// answer is <paramref name="expected"/>. The bridge's own stress report (every 5 s) overwrites the advertisement, so it
    /// is re-applied before each try; the in-process registry spreads it to every bridge synchronously.
    /// </summary>
    private static async Task<RouteAnswer> WhileAdvertisingAsync(BridgeServer bridge, double stress, bool draining,
        Func<Task<RouteAnswer>> route, string expected, string what)
    {
        var registry = bridge.Services.GetRequiredService<IBridgeRegistry>();
        RouteAnswer? last = null;
        await Eventually.Until(
            async () =>
            {
                await registry.UpdateAsync(stress, draining);
                last = await route();
                return last.BridgeId == expected;
            },
            Eventually.Patience, $"{what}: to be routed to {expected}",
            () => Task.FromResult($"{last}"));
        return last!;
    }
}
