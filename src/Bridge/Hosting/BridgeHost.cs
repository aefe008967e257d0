using System.Net;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Bridge.Routing;
using OctoMesh.Bridge.Signaling;
using OctoMesh.Media.Transport;
using Prometheus;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The composition root: builds the bridge's web application (signaling, metrics, pages)
/// and its media server from command-line options. Tests build it in-process with
/// <c>--urls http://127.0.0.1:0 --media-port 0</c>.
/// </summary>
public static class BridgeHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args) => Build(args, configureServices: null);

    /// <summary>Build a bridge; <paramref name="configureServices"/> lets the demo share one registry between its bridges.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
    {
        // The pages ship in the build output (wwwroot is copied there), so the bridge serves them
        // from wherever it is started; --contentRoot overrides (tests serve the source tree).
        var explicitContentRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = explicitContentRoot ? null : AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("OCTOMESH_");
        builder.Configuration.AddCommandLine(args, BridgeSettings.SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var errors = UnknownOptions.Find(args, Environment.GetEnvironmentVariables())
            .Concat(UnknownOptions.FindInFiles(builder.Configuration))
            .Concat(BridgeSettings.Validate(builder.Configuration))
            .ToList();
        if (errors.Count > 0)
        {
            throw new BridgeConfigurationException(errors);
        }

        if (ValidatedOptions.Read<HostingOptions>(builder.Configuration).LogToStandardError)
        {
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        BridgeSettings.Add(builder.Services, builder.Configuration);
        AddServices(builder.Services);
        MeshWiring.AddRegistry(builder.Services, ValidatedOptions.Read<DiscoveryOptions>(builder.Configuration));
        configureServices?.Invoke(builder.Services);
        var meshEnabled = MeshWiring.IsEnabled(builder.Services);
        if (meshEnabled)
        {
            var urls = (builder.Configuration["urls"] ?? DefaultUrls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            MeshWiring.AddMesh(builder.Services, ValidatedOptions.Read<RelayWireGuardOptions>(builder.Configuration));
            MeshWiring.ConfigureKestrel(builder, urls);
        }

        var app = builder.Build();
        MapEndpoints(app);
        if (meshEnabled)
        {
            MeshWiring.MapMesh(app);
        }

        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new CollectorRegistry());
        services.AddSingleton<IMediaMetrics>(sp => new PrometheusMediaMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaPortOptions>>().Value;
            var endPoint = new IPEndPoint(IPAddress.Parse(options.MediaBind), options.MediaPort);
            return new MediaServer(endPoint, sp.GetRequiredService<IMediaMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
                options.MediaReceiveThreads, options.MediaBatchedIo)
            {
                ConsentTimeout = TimeSpan.FromSeconds(options.ConsentTimeoutSeconds),
            };
        });
        services.AddSingleton<BufferAccounting>();
        services.AddSingleton<ConferenceRegistry>();
        services.AddSingleton<SessionResources>();
        services.AddSingleton<BridgeStatistics>();
        services.AddSingleton<SessionNegotiator>();
        services.AddSingleton<RoomSessionFactory>();
        services.AddHostedService<MediaServerService>();
        services.AddHostedService<ConferenceMaintenance>();
        services.AddSingleton<Conferences.Allocation.LayerAllocation>();
        services.AddHostedService(provider => provider.GetRequiredService<Conferences.Allocation.LayerAllocation>());
        services.AddSingleton<Conferences.Allocation.BandwidthProbing>();
        services.AddHostedService(provider => provider.GetRequiredService<Conferences.Allocation.BandwidthProbing>());
        services.AddSingleton<Conferences.Speakers.DominantSpeakerService>();
        services.AddHostedService(provider => provider.GetRequiredService<Conferences.Speakers.DominantSpeakerService>());
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PATCH", "DELETE", "OPTIONS")
            .WithExposedHeaders("Location", "ETag", "Link", "Accept-Patch", SdpCreatedResult.ParticipantHeader)));
        services.AddProblemDetails();
        RoutingWiring.Add(services);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseCors();
        app.UseWebSockets();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", () => Results.Text("ok"));
        // BridgeStatistics registers its gauges and counters when it is made: asking for it here makes it before the first scrape.
        app.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry, BridgeStatistics _) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/api/stats", (BridgeStatistics statistics) => Results.Json(statistics.Snapshot()));
        WhipEndpoints.Map(app);
        WhepEndpoints.Map(app);
        RoomWebSocketEndpoint.Map(app);
        RouteEndpoints.Map(app);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "demo")
        {
            return await DemoCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == RouteSimulationCommand.Verb)
        {
            return await RouteSimulationCommand.RunAsync(args[1..], Console.Out, Console.Error);
        }

        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (BridgeConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (FindAddressInUse(ex) is { } inUse)
        {
            await Console.Error.WriteLineAsync(
                $"Cannot start: {inUse.Message}. Another process holds the port; choose others with --urls and --media-port.");
            return 1;
        }
    }

    private static Exception? FindAddressInUse(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                || current.GetType().Name == "AddressInUseException")
            {
                return current;
            }
        }

        return null;
    }
}
