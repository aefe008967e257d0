using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.Links;

/// <summary>Source-generated log messages of the mesh links, with stable event ids (6000-6099).</summary>
internal static partial class MeshLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "Mesh link to {PeerId} ({Region}, version {Version}) is up, {Direction}")]
    public static partial void LinkUp(ILogger logger, string peerId, string region, string version, LinkDirection direction);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Mesh link to {PeerId} is down: {Reason}")]
    public static partial void LinkDown(ILogger logger, string peerId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug,
        Message = "Dialing mesh peer {PeerId} at {Endpoint} failed (attempt {Attempt}): {Detail}")]
    public static partial void DialFailed(ILogger logger, string peerId, Uri endpoint, int attempt, string detail);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning,
        Message = "Mesh link from {RemoteAddress} refused: client certificate {Fingerprint} belongs to no registered bridge")]
    public static partial void CertificateRejected(ILogger logger, string remoteAddress, string fingerprint);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning,
        Message = "Mesh link with expected peer {PeerId} refused during the hello exchange: {Rejection}")]
    public static partial void HelloRejected(ILogger logger, string peerId, LinkRejection rejection);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning,
        Message = "Mesh peer {PeerId} at {Endpoint} presented certificate {Fingerprint}, not the pinned {Pinned}")]
    public static partial void ServerCertificateMismatch(ILogger logger, string peerId, Uri endpoint, string fingerprint, string pinned);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Mesh peer {PeerId} registered ({Endpoint}, {Direction})")]
    public static partial void PeerAdded(ILogger logger, string peerId, Uri endpoint, LinkDirection direction);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Mesh peer {PeerId} unregistered")]
    public static partial void PeerRemoved(ILogger logger, string peerId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "The mesh handler's {Callback} threw for peer {PeerId}")]
    public static partial void HandlerFailed(ILogger logger, string callback, string peerId, Exception exception);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Debug, Message = "Mesh link to {PeerId}: {Operation} ended: {Detail}")]
    public static partial void StreamEnded(ILogger logger, string peerId, string operation, string detail);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Mesh peer {PeerId} from discovery ignored: {Problem}")]
    public static partial void PeerIgnored(ILogger logger, string peerId, string problem);
}
