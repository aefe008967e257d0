using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.Mesh;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>Issue 4: a bridge that dies leaves routing within its health deadline (embedded registry: link down).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BridgeDeathTests
{
    private static readonly TimeSpan MeshDeadline = TimeSpan.FromSeconds(30);

    /// <summary>The embedded registry's default health deadline: 3 x its 2 s refresh (EmbeddedRegistryOptions).</summary>
    private static readonly TimeSpan HealthDeadline = new EmbeddedRegistryOptions().RefreshInterval * 3;

    [Fact]
    public async Task A_bridge_that_dies_leaves_routing_within_the_health_deadline()
    {
        await using var mesh = await TestMesh.StartAsync(MeshDeadline);
        var asked = mesh["eu-central"];
        Assert.Equal("us-east", (await RouteAnswer.GetAsync(asked, "room=before", CityClient.NewYork.Address)).BridgeId);

        // Stopping runs in the background: routing must not wait for the bridge to finish stopping.
        var stopping = mesh["us-east"].DisposeAsync();
        var room = 0;
        var elapsed = await Eventually.Until(
            async () => (await RouteAnswer.GetAsync(asked, $"room=after-{room++}", CityClient.NewYork.Address)).BridgeId == "eu-central",
            HealthDeadline, "New York to be routed to eu-central once us-east is gone",
            async () => $"last answer: {await RouteAnswer.GetAsync(asked, "room=describe", CityClient.NewYork.Address)}");
        Assert.True(elapsed <= HealthDeadline, $"us-east left routing after {elapsed.TotalSeconds:0.0} s (deadline {HealthDeadline.TotalSeconds} s).");
        await stopping;

        using var list = await JsonDocument.ParseAsync(await asked.Http.GetStreamAsync("api/bridges"));
        var listed = list.RootElement.GetProperty("bridges").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("us-east", listed);
        Assert.Contains("ap-southeast", listed);
    }
}
