using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Geo.Discovery;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.WireGuard;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// The demo's three bridges (eu-central, us-east, ap-southeast) started in this process on free
/// loopback ports, sharing one in-process registry, relaying over embedded WireGuard. Given a
/// <see cref="RelayForwarder"/>, every relay datagram between them crosses it. A bridge can be
/// stopped (its people leave the others) and started again with the same id on the same registry.
/// </summary>
public sealed class TestMesh : IAsyncDisposable
{
    private readonly InProcessBridgeList _registry;
    private readonly RelayForwarder? _forwarder;
    private readonly Dictionary<string, BridgeServer> _bridges = new(StringComparer.Ordinal);

    private TestMesh(InProcessBridgeList registry, RelayForwarder? forwarder)
    {
        _registry = registry;
        _forwarder = forwarder;
    }

    /// <summary>The bridges running now, by id.</summary>
    public IReadOnlyDictionary<string, BridgeServer> Bridges => _bridges;

    public BridgeServer this[string id] => _bridges[id];

    public static async Task<TestMesh> StartAsync(TimeSpan linkDeadline, RelayForwarder? forwarder = null)
    {
        var mesh = new TestMesh(new InProcessBridgeList(), forwarder);
        try
        {
            foreach (var bridge in DemoBridge.Defaults)
            {
                await mesh.StartBridgeAsync(bridge.Id);
            }

            await mesh.WaitForLinksAsync(linkDeadline);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts demo bridge <paramref name="id"/> (again) on free ports, on this mesh's registry.</summary>
    public async Task<BridgeServer> StartBridgeAsync(string id)
    {
        var bridge = DemoBridge.Defaults.Single(b => b.Id == id);
        var server = await BridgeServer.StartAsync(bridge.ToArguments(freePorts: true), UseRegistry);
        _bridges[id] = server;
        return server;
    }

    /// <summary>Stops bridge <paramref name="id"/> as its process would on shutdown (the host stops and is disposed).</summary>
    public async Task StopBridgeAsync(string id)
    {
        var server = _bridges[id];
        _bridges.Remove(id);
        await server.DisposeAsync();
    }

    /// <summary>Waits until every running bridge has a link to every other running bridge.</summary>
    public Task WaitForLinksAsync(TimeSpan deadline) =>
        Eventually.Until(
            () => Task.FromResult(_bridges.All(b => Node(b.Key).ConnectedPeers.Count == _bridges.Count - 1)),
            deadline,
            $"every bridge of [{string.Join(", ", _bridges.Keys)}] to link to all the others",
            () => Task.FromResult(DescribeLinks()));

    public MeshNode Node(string id) => _bridges[id].Services.GetRequiredService<MeshNode>();

    public WireGuardTunnel Tunnel(string id) => _bridges[id].Services.GetRequiredService<WireGuardTunnel>();

    /// <summary>The shared registry's records as every bridge reads them.</summary>
    public IReadOnlyList<BridgeRecord> Registrations => _registry.Snapshot();

    public string DescribeLinks() =>
        string.Join(Environment.NewLine, _bridges.Select(b =>
            $"{b.Key}: linked to [{string.Join(", ", Node(b.Key).ConnectedPeers)}]; log: {b.Value.Log}"));

    private void UseRegistry(IServiceCollection services)
    {
        if (_forwarder is null)
        {
            DemoMesh.UseRegistry(_registry)(services);
            return;
        }

        services.AddSingleton<IBridgeRegistry>(sp => new ForwardingRegistry(
            EmbeddedBridgeRegistry.InProcess(_registry, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedBridgeRegistry>()),
            _forwarder));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _bridges.Values)
        {
            await server.DisposeAsync();
        }

        _bridges.Clear();
    }
}
