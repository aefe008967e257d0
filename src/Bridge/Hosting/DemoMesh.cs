using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Geo.Discovery;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Hosting;

/// <summary>Starts the demo's bridges in this process and describes where they listen.</summary>
public sealed class DemoMesh
{
    /// <summary>The embedded registry the demo's bridges share (DESIGN.md: the default on one machine).</summary>
    public InProcessBridgeList Registry { get; } = new();

    /// <summary>A Consul agent to register the demo's bridges with instead of <see cref="Registry"/>.</summary>
    public string? Consul { get; init; }

    private void SharedServices(IServiceCollection services) => UseRegistry(Registry)(services);

    /// <summary>Services that put a bridge on the shared in-process registry <paramref name="registry"/>.</summary>
    public static Action<IServiceCollection> UseRegistry(InProcessBridgeList registry) => services =>
        services.AddSingleton<IBridgeRegistry>(sp => EmbeddedBridgeRegistry.InProcess(
            registry, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedBridgeRegistry>()));

    public async Task<RunningDemo> StartAsync(IReadOnlyList<DemoBridge> bridges, bool freePorts, CancellationToken cancellationToken)
    {
        var apps = new List<(DemoBridge Bridge, WebApplication App)>();
        try
        {
            foreach (var bridge in bridges)
            {
                var app = Consul is null
                    ? BridgeHost.Build(bridge.ToArguments(freePorts), SharedServices)
                    : BridgeHost.Build([.. bridge.ToArguments(freePorts), "--consul", Consul]);
                await app.StartAsync(cancellationToken);
                apps.Add((bridge, app));
            }
        }
        catch
        {
            foreach (var (_, app) in apps)
            {
                await app.DisposeAsync();
            }

            throw;
        }

        return new RunningDemo(apps);
    }
}

/// <summary>The running demo bridges; disposing stops them.</summary>
public sealed class RunningDemo(IReadOnlyList<(DemoBridge Bridge, WebApplication App)> apps) : IAsyncDisposable
{
    public IReadOnlyList<(DemoBridge Bridge, WebApplication App)> Apps => apps;

    public DemoDescription Describe() => new([.. apps.Select(a => DescribeOne(a.Bridge, a.App))]);

    private static DemoBridgeDescription DescribeOne(DemoBridge bridge, WebApplication app)
    {
        var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        var media = app.Services.GetRequiredService<MediaServer>();
        var relay = app.Services.GetService<IRelayEndpointInfo>();
        return new DemoBridgeDescription(bridge.Id, bridge.Region, http, $"{http}/whip/{{room}}", $"{http}/whep/{{room}}",
            relay?.RelayEndpoint ?? $"127.0.0.1:{bridge.RelayPort}", media.LocalPort);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, app) in apps.Reverse())
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

public sealed record DemoDescription(IReadOnlyList<DemoBridgeDescription> Bridges);

public sealed record DemoBridgeDescription(string Id, string Region, string Http, string Whip, string Whep, string Relay, int MediaPort);

public static class DemoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
