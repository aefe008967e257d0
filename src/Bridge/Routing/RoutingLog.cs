namespace OctoMesh.Bridge.Routing;

/// <summary>The router's log lines, with stable event ids (300-309).</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(300, LogLevel.Warning, "Routing without IP geolocation: {Reason} Clients are placed by their RTT probes or location hints only.")]
    public static partial void GeolocationUnavailable(ILogger logger, string reason);

    [LoggerMessage(301, LogLevel.Information, "Routing with IP geolocation by DB-IP (database built {BuildDate:yyyy-MM-dd}).")]
    public static partial void GeolocationReady(ILogger logger, DateTime buildDate);

    [LoggerMessage(302, LogLevel.Debug, "Route for room {Room}: {BridgeId} ({ReasonCode}: {Reason})")]
    public static partial void Routed(ILogger logger, string room, string bridgeId, string reasonCode, string reason);

    [LoggerMessage(303, LogLevel.Warning, "No bridge can take room {Room}: {Reason}")]
    public static partial void NoBridge(ILogger logger, string room, string reason);

    [LoggerMessage(304, LogLevel.Information, "Bridge {BridgeId} left the registry without draining; routing avoids it for a while if it returns.")]
    public static partial void BridgeDropped(ILogger logger, string bridgeId);
}
