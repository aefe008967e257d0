using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.Mesh;
using OctoMesh.Geo.Discovery;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// Issue 4: a bridge that dies leaves routing and the bridge list (embedded registry: link down). That it leaves at its
/// health deadline and not a poll before is checked in virtual time (Geo <c>EmbeddedRegistryTests</c>); here the time it
/// took is printed, not asserted.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
[Collection(EndToEndCollection.Name)]
public sealed class BridgeDeathTests(ITestOutputHelper output)
{

    [Fact]
    public async Task A_bridge_that_dies_leaves_routing_and_the_bridge_list()
    {
        await using var mesh = await TestMesh.StartAsync(Eventually.Patience);
        var asked = mesh["eu-central"];
        Assert.Equal("us-east", (await RouteAnswer.GetAsync(asked, "room=before", CityClient.NewYork.Address)).BridgeId);

        // Stopping runs in the background: routing must not wait for the bridge to finish stopping.
        var stopping = mesh["us-east"].DisposeAsync();
        var room = 0;
        var elapsed = await Eventually.Until(
            async () => (await RouteAnswer.GetAsync(asked, $"room=after-{room++}", CityClient.NewYork.Address)).BridgeId == "eu-central",
            Eventually.Patience, "New York to be routed to eu-central once us-east is gone",
            async () => $"last answer: {await RouteAnswer.GetAsync(asked, "room=describe", CityClient.NewYork.Address)}");
        output.WriteLine($"us-east left routing {elapsed.TotalSeconds:0.0} s after it was told to stop " +
                         $"(health deadline {new EmbeddedRegistryOptions().RefreshInterval.TotalSeconds * 3:0} s: 3 missed 2 s refreshes).");
        await stopping;

        using var list = await JsonDocument.ParseAsync(await asked.Http.GetStreamAsync("api/bridges"));
        var listed = list.RootElement.GetProperty("bridges").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("us-east", listed);
        Assert.Contains("ap-southeast", listed);
    }
}
