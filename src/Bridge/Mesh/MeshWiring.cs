using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Hosting;
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
    public static void AddRegistry(IServiceCollection services, BridgeOptions options)
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

    public static void AddMesh(IServiceCollection services, BridgeOptions options)
    {
        services.AddGrpc();
        if (options.UsesOsWireGuard)
        {
            // A test or host may register its own transport (e.g. with a socket made in a network namespace).
            services.TryAddSingleton<IRelayTransport>(sp => StartOsTransport(sp, options));
        }
        else
        {
            services.AddSingleton(_ => new WireGuardTunnel(
                WireGuardKeyPair.Generate(),
                IPAddress.Parse(options.OverlayAddress),
                new IPEndPoint(IPAddress.Parse(options.MediaBind), options.RelayPort)));
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
        services.AddSingleton(sp =>
        {
            var transport = sp.GetRequiredService<IRelayTransport>();
            var advertised = options.AdvertisedAddresses()[0];
            var identity = MeshIdentity.Generate(options.BridgeId, options.Region, BridgeVersion.Current,
                $"{advertised}:{transport.LocalRelayEndpoint.Port}", WireGuardKeyPair.DecodeKey(transport.PublicKey), options.OverlayAddress);
            return new MeshNode(identity, new OctoMesh.Relay.Links.MeshOptions(), sp.GetRequiredService<MeshCoordinator>(),
                sp.GetRequiredService<ILogger<MeshNode>>());
        });
        services.AddSingleton<IRelayEndpointInfo>(sp => new RelayEndpointInfo(sp.GetRequiredService<MeshNode>().Identity.RelayEndpoint));
        services.AddHostedService<BridgeMeshService>();
    }

    /// <summary>Kestrel: the HTTP URLs as given, plus the mesh's mutual-TLS gRPC endpoint.</summary>
    public static void ConfigureKestrel(WebApplicationBuilder builder, BridgeOptions options, IReadOnlyList<string> urls)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls)
            {
                ListenOn(kestrel, new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)));
            }

            var node = kestrel.ApplicationServices.GetRequiredService<MeshNode>();
            kestrel.ListenMesh(new IPEndPoint(IPAddress.Parse(options.MediaBind), options.GrpcPort), node);
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
    private static OsRelayTransport StartOsTransport(IServiceProvider services, BridgeOptions options)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var wireGuard = OsWireGuardInterface.Open(options.WireGuardInterface, loggers.CreateLogger<OsWireGuardInterface>());
        return OsRelayTransport.StartAsync(wireGuard, WireGuardKeyPair.Generate(), IPAddress.Parse(options.OverlayAddress),
            options.AdvertisedAddresses()[0], options.RelayPort, loggers.CreateLogger<OsRelayTransport>())
            .GetAwaiter().GetResult();
    }

    public static void MapMesh(WebApplication app)
    {
        app.MapGrpcService<MeshLinkService>();
    }

    private sealed record RelayEndpointInfo(string RelayEndpoint) : IRelayEndpointInfo;
}
