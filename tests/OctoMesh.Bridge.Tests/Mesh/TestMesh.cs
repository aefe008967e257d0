using Microsoft.Extensions.DependencyInjection;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Geo.Discovery;
using OctoMesh.Relay.Links;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// The demo's three bridges (eu-central, us-east, ap-southeast) started in this process on free
/// loopback ports, sharing one in-process registry, relaying over embedded WireGuard.
/// </summary>
public sealed class TestMesh : IAsyncDisposable
{
    private TestMesh(IReadOnlyDictionary<string, BridgeServer> bridges) => Bridges = bridges;

    public IReadOnlyDictionary<string, BridgeServer> Bridges { get; }

    public BridgeServer this[string id] => Bridges[id];

    public static async Task<TestMesh> StartAsync(TimeSpan linkDeadline)
    {
        var registry = new InProcessBridgeList();
        var bridges = new Dictionary<string, BridgeServer>();
        try
        {
            foreach (var bridge in DemoBridge.Defaults)
            {
                bridges[bridge.Id] = await BridgeServer.StartAsync(bridge.ToArguments(freePorts: true), DemoMesh.UseRegistry(registry));
            }

            var mesh = new TestMesh(bridges);
            await Eventually.Until(
                () => Task.FromResult(mesh.Bridges.Values.All(b => b.Services.GetRequiredService<MeshNode>().ConnectedPeers.Count == 2)),
                linkDeadline,
                "every demo bridge to link to the two others",
                () => Task.FromResult(string.Join(Environment.NewLine, mesh.Bridges.Select(b =>
                    $"{b.Key}: linked to [{string.Join(", ", b.Value.Services.GetRequiredService<MeshNode>().ConnectedPeers)}]; log: {b.Value.Log}"))));
            return mesh;
        }
        catch
        {
            foreach (var server in bridges.Values)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Bridges.Values)
        {
            await server.DisposeAsync();
        }
    }
}
