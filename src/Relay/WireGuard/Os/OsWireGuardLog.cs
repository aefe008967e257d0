using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>Source-generated log messages of the os-mode WireGuard interface (event ids 7300-7399).</summary>
internal static partial class OsWireGuardLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Information,
        Message = "WireGuard interface {Interface} configured through {SocketPath} (listen port {ListenPort})")]
    public static partial void Configured(ILogger logger, string @interface, string socketPath, int? listenPort);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information,
        Message = "WireGuard interface {Interface}: peer {PublicKey} added ({AllowedIps})")]
    public static partial void PeerAdded(ILogger logger, string @interface, string publicKey, string allowedIps);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Information,
        Message = "WireGuard interface {Interface}: peer {PublicKey} updated ({AllowedIps})")]
    public static partial void PeerUpdated(ILogger logger, string @interface, string publicKey, string allowedIps);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Information,
        Message = "WireGuard interface {Interface}: peer {PublicKey} removed")]
    public static partial void PeerRemoved(ILogger logger, string @interface, string publicKey);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Warning,
        Message = "WireGuard interface {Interface}: synchronizing peers failed")]
    public static partial void SynchronizeFailed(ILogger logger, string @interface, Exception exception);
}
