using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>A <see cref="ConsulTestServer"/> plus the registries a test creates against it, disposed together.</summary>
public sealed class ConsulHarness : IAsyncDisposable
{
    private readonly List<(ConsulBridgeRegistry Registry, HttpClient Http)> _registries = [];

    private ConsulHarness(ConsulTestServer server) => Server = server;

    public ConsulTestServer Server { get; }

    public static async Task<ConsulHarness> StartAsync(ConsulTestServerOptions? options = null) =>
        new(await ConsulTestServer.StartAsync(options));

    /// <summary>Short timings so TTLs lapse and watches return within a test's patience.</summary>
    public ConsulRegistryOptions Options(string? token = null) => new()
    {
        Address = Server.Address,
        Token = token,
        CheckTtl = TimeSpan.FromSeconds(2),
        RefreshInterval = TimeSpan.FromMilliseconds(300),
        WatchWait = TimeSpan.FromSeconds(2),
        MinWatchInterval = TimeSpan.FromMilliseconds(50),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromSeconds(1),
    };

    public (ConsulBridgeRegistry Registry, CapturedLog<ConsulBridgeRegistry> Log) Registry(ConsulRegistryOptions? options = null)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var log = new CapturedLog<ConsulBridgeRegistry>();
        var registry = new ConsulBridgeRegistry(http, options ?? Options(), log);
        _registries.Add((registry, http));
        return (registry, log);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (registry, http) in _registries)
        {
            await registry.DisposeAsync();
            http.Dispose();
        }
        await Server.DisposeAsync();
    }
}
