using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// A real bridge in the test process: Kestrel on an ephemeral loopback port and the media
/// server on an ephemeral UDP port, built by the production composition root
/// (<see cref="BridgeHost.Build"/>). Start one per test with <see cref="StartAsync"/> when the
/// test counts sessions, or share one per class as <c>IClassFixture&lt;BridgeServer&gt;</c>.
/// </summary>
public sealed class BridgeServer : IAsyncLifetime, IAsyncDisposable, IDescribedBridge
{
    private readonly string[] _extraArguments;
    private readonly Action<IServiceCollection>? _configureServices;
    private WebApplication? _app;

    public BridgeServer()
        : this([], null)
    {
    }

    private BridgeServer(string[] extraArguments, Action<IServiceCollection>? configureServices)
    {
        _extraArguments = extraArguments;
        _configureServices = configureServices;
    }

    /// <summary>The running bridge's services (metrics, media server, ...).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The bridge is not running.");

    /// <summary>The bridge's HTTP base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client whose base address is the bridge's.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The bridge's warnings and errors, for failure messages.</summary>
    public CapturedLog Log { get; } = new();

    string IDescribedBridge.LogText => Log.ToString();

    /// <summary>Builds and starts a bridge; dispose it to stop it.</summary>
    public static async Task<BridgeServer> StartAsync(string[]? extraArguments = null, Action<IServiceCollection>? configureServices = null)
    {
        var server = new BridgeServer(extraArguments ?? [], configureServices);
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--media-port", "0",
            "--advertise-address", "127.0.0.1",
            // The test runs from bin/; serve the pages from the source tree.
            "--contentRoot", RepositoryLayout.BridgeProjectDirectory,
            .. _extraArguments,
        ];
        _app = BridgeHost.Build(args, _configureServices);
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Log);
        await _app.StartAsync();

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The bridge started but reports no HTTP address.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Reads <c>GET /api/stats</c>.</summary>
    public async Task<BridgeStats> GetStatsAsync()
    {
        using var response = await Http.GetAsync("api/stats");
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException(
                $"GET /api/stats answered {(int)response.StatusCode}; the bridge must serve its stats as JSON.");
        }
        return await response.Content.ReadFromJsonAsync<BridgeStats>()
            ?? throw new Xunit.Sdk.XunitException("GET /api/stats answered an empty body.");
    }

    /// <summary>Reads the stats as text for failure messages, never throwing.</summary>
    public async Task<string> DescribeStatsAsync()
    {
        try
        {
            return (await GetStatsAsync()).ToString();
        }
        catch (Exception error)
        {
            return $"(stats unavailable: {error.Message})";
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
