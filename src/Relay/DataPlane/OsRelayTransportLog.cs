using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.DataPlane;

internal static partial class OsRelayTransportLog
{
    [LoggerMessage(70, LogLevel.Information, "Relay: os mode on WireGuard interface {Interface}, relay frames on {Overlay}:{Port}")]
    public static partial void Started(ILogger logger, string @interface, System.Net.IPAddress overlay, int port);

    [LoggerMessage(71, LogLevel.Error, "Relay: could not update the peers of WireGuard interface {Interface}")]
    public static partial void PeerSyncFailed(ILogger logger, string @interface, Exception exception);

    [LoggerMessage(72, LogLevel.Warning, "Relay: receiving on the overlay socket failed")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);
}
