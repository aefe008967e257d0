using System.Net;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.WireGuard;

/// <summary>Source-generated log messages of the embedded WireGuard (event ids 4100-4199).</summary>
internal static partial class WireGuardLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "WireGuard tunnel listening on {EndPoint} as {PublicKey}, overlay {OverlayAddress}")]
    public static partial void Started(ILogger logger, EndPoint? endPoint, string publicKey, IPAddress overlayAddress);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "WireGuard peer {PublicKey} added, overlay {OverlayAddress}, endpoint {EndPoint}")]
    public static partial void PeerAdded(ILogger logger, string publicKey, IPAddress overlayAddress, IPEndPoint? endPoint);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "WireGuard peer {PublicKey} removed")]
    public static partial void PeerRemoved(ILogger logger, string publicKey);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "WireGuard handshake with {PublicKey} completed as {Role}")]
    public static partial void HandshakeCompleted(ILogger logger, string publicKey, string role);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "WireGuard handshake with {PublicKey} gave up after {Attempts} attempts")]
    public static partial void HandshakeGaveUp(ILogger logger, string publicKey, int attempts);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "WireGuard peer {PublicKey} has a public key that yields no shared secret (a low-order point)")]
    public static partial void InvalidPeerKey(ILogger logger, string publicKey);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "WireGuard socket error on receive: {Error}")]
    public static partial void ReceiveError(ILogger logger, System.Net.Sockets.SocketError error);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "WireGuard datagram handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "WireGuard socket error on send to {Destination}: {Error}")]
    public static partial void SendError(ILogger logger, string destination, System.Net.Sockets.SocketError error);
}
