using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Geo.Discovery;
using OctoMesh.Geo.Location;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>Registers the router's services: selector, client geolocation, room directory, candidates.</summary>
public static class RoutingWiring
{
    public static void Add(IServiceCollection services)
    {
        // Only bridges of this version are handed out: a cascade needs peers that speak the same relay protocol.
        services.AddSingleton(new SelectionOptions { RequiredVersion = BridgeVersion.Current });
        services.AddSingleton(sp => new BridgeSelector(sp.GetRequiredService<SelectionOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ClientAddressResolver(sp.GetRequiredService<IOptions<RoutingOptions>>().Value.TrustedProxyNetworks()));
        services.AddSingleton(sp => ClientGeolocation.Open(
            sp.GetRequiredService<ClientAddressResolver>(), sp.GetRequiredService<IOptions<RoutingOptions>>().Value.GeoDatabase,
            sp.GetRequiredService<ILogger<ClientGeolocation>>()));
        services.AddSingleton<RoomDirectory>();
        services.AddSingleton(sp => new RouteCandidates(
            sp.GetRequiredService<IOptions<BridgeIdentityOptions>>(), sp.GetRequiredService<BridgeSelector>(),
            sp.GetRequiredService<ILogger<RouteCandidates>>(), sp.GetService<IBridgeRegistry>()));
        services.AddSingleton<BridgeRouter>();
    }
}
