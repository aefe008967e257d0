using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Geo.Discovery;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.WireGuard;
using OctoMesh.Relay.WireGuard.Os;
using Prometheus;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// Registers the mesh (registry, relay WireGuard embedded or os, gRPC links, coordinator) when the bridge has a
/// registry: <c>--registry &lt;file&gt;</c>, <c>--consul &lt;url&gt;</c>, or the demo's in-process list.
/// </summary>
public static class MeshWiring
{
    public static void AddRegistry(IServiceCollection services, DiscoveryOptions options)
    {
        if (!string.IsNullOrEmpty(options.Consul))
        {
            services.AddHttpClient(nameof(ConsulBridgeRegistry));
            services.AddSingleton<IBridgeRegistry>(sp => new ConsulBridgeRegistry(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ConsulBridgeRegistry)),
                new ConsulRegistryOptions { Address = new Uri(options.Consul), Token = options.ConsulToken, Datacenter = options.ConsulDatacenter },
                sp.GetRequiredService<ILogger<ConsulBridgeRegistry>>()));
        }
        else if (!string.IsNullOrEmpty(options.Registry))
        {
            services.AddSingleton<IBridgeRegistry>(sp => EmbeddedBridgeRegistry.FromFile(
                options.Registry, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedBridgeRegistry>()));
        }
    }

    public static bool IsEnabled(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(IBridgeRegistry));

    /// <summary>The mesh's services; <paramref name="wireGuard"/> decides between the embedded and the OS relay transport.</summary>
    public static void AddMesh(IServiceCollection services, RelayWireGuardOptions wireGuard)
    {
        services.AddGrpc();
        if (wireGuard.UsesOsWireGuard)
        {
            // A test or host may register its own transport (e.g. with a socket made in a network namespace).
            services.TryAddSingleton<IRelayTransport>(StartOsTransport);
        }
        else
        {
            services.AddSingleton(sp => new WireGuardTunnel(
                WireGuardKeyPair.Generate(),
                IPAddress.Parse(Options<RelayWireGuardOptions>(sp).OverlayAddress),
                new IPEndPoint(IPAddress.Parse(Options<MediaPortOptions>(sp).MediaBind), Options<RelayWireGuardOptions>(sp).RelayPort)));
            services.TryAddSingleton<IRelayTransport>(sp => new EmbeddedRelayTransport(sp.GetRequiredService<WireGuardTunnel>()));
        }

        services.AddSingleton(sp =>
        {
            var transport = sp.GetRequiredService<IRelayTransport>();
            var registry = sp.GetRequiredService<CollectorRegistry>();
            if (transport is EmbeddedRelayTransport embedded)
            {
                WireGuardMetrics.Register(embedded.Tunnel, registry);
            }
            return new RelayDataPlane(transport, new PrometheusRelayMetrics(registry));
        });
        services.AddSingleton<MeshCoordinator>();
        services.AddHostedService<MeshSpeakersService>();
        services.AddSingleton(sp =>
        {
            var transport = sp.GetRequiredService<IRelayTransport>();
            var self = Options<BridgeIdentityOptions>(sp);
            var advertised = Options<MediaPortOptions>(sp).AdvertisedAddresses()[0];
            var identity = MeshIdentity.Generate(self.BridgeId, self.Region, BridgeVersion.Current,
                $"{advertised}:{transport.LocalRelayEndpoint.Port}", WireGuardKeyPair.DecodeKey(transport.PublicKey),
                Options<RelayWireGuardOptions>(sp).OverlayAddress);
            return new MeshNode(identity, new OctoMesh.Relay.Links.MeshOptions(), sp.GetRequiredService<MeshCoordinator>(),
                sp.GetRequiredService<ILogger<MeshNode>>());
        });
        services.AddSingleton<IRelayEndpointInfo>(sp => new RelayEndpointInfo(sp.GetRequiredService<MeshNode>().Identity.RelayEndpoint));
        services.AddHostedService<BridgeMeshService>();
    }

    /// <summary>Kestrel: the HTTP URLs as given, plus the mesh's mutual-TLS gRPC endpoint.</summary>
    public static void ConfigureKestrel(WebApplicationBuilder builder, IReadOnlyList<string> urls)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls)
            {
                ListenOn(kestrel, new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)));
            }

            var services = kestrel.ApplicationServices;
            var node = services.GetRequiredService<MeshNode>();
            kestrel.ListenMesh(new IPEndPoint(IPAddress.Parse(Options<MediaPortOptions>(services).MediaBind), Options<MeshLinkOptions>(services).GrpcPort), node);
        });
    }

    private static void ListenOn(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new BridgeConfigurationException([$"--urls: only http:// URLs are served directly (got {url}); put TLS in a reverse proxy."]);
        }

        if (url.Host == "localhost")
        {
            kestrel.ListenLocalhost(url.Port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port);
        }
    }

    // Service factories are synchronous; the UAPI exchange is a few local socket round trips at startup.
    private static OsRelayTransport StartOsTransport(IServiceProvider services)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var options = Options<RelayWireGuardOptions>(services);
        var wireGuard = OsWireGuardInterface.Open(options.WireGuardInterface, loggers.CreateLogger<OsWireGuardInterface>());
        return OsRelayTransport.StartAsync(wireGuard, WireGuardKeyPair.Generate(), IPAddress.Parse(options.OverlayAddress),
            Options<MediaPortOptions>(services).AdvertisedAddresses()[0], options.RelayPort, loggers.CreateLogger<OsRelayTransport>())
            .GetAwaiter().GetResult();
    }

    private static T Options<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    public static void MapMesh(WebApplication app)
    {
        app.MapGrpcService<MeshLinkService>();
    }

    private sealed record RelayEndpointInfo(string RelayEndpoint) : IRelayEndpointInfo;
}
