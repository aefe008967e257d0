using OctoMesh.Geo.Discovery;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// A bridge that is stopping leaves routing the moment shutdown begins: it withdraws from the registry on
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/>, before the web server drains its connections (which
/// can take the whole shutdown timeout while mesh links are open). Otherwise every other bridge would keep sending
/// people to it until it finished stopping. Deregistering is idempotent: the mesh's own deregistration later is a no-op.
/// </summary>
public static class RoutingShutdown
{
    public static void Register(WebApplication app)
    {
        if (app.Services.GetService<IBridgeRegistry>() is not { } registry)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILogger<BridgeRouter>>();
        app.Lifetime.ApplicationStopping.Register(() => _ = WithdrawAsync(registry, logger));
    }

    private static async Task WithdrawAsync(IBridgeRegistry registry, ILogger logger)
    {
        try
        {
            await registry.DeregisterAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The registry's own deadline (TTL, lastSeen) still removes the bridge.
            RoutingLog.WithdrawFailed(logger, e);
        }
    }
}
