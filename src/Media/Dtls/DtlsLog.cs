using Microsoft.Extensions.Logging;

namespace OctoMesh.Media.Dtls;

/// <summary>Source-generated log messages for the DTLS layer, with stable event ids (3100-3199).</summary>
internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "DTLS {Role} handshake started")]
    public static partial void HandshakeStarted(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "DTLS {Role} handshake completed: SRTP profile {Profile}, cipher suite 0x{CipherSuite:X4}")]
    public static partial void HandshakeCompleted(ILogger logger, DtlsRole role, Srtp.SrtpProfile profile, int cipherSuite);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "DTLS {Role} handshake failed ({Reason}): {Detail}")]
    public static partial void HandshakeFailed(ILogger logger, DtlsRole role, DtlsFailureReason reason, string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "DTLS alert raised: level {Level}, {Description}")]
    public static partial void AlertRaised(ILogger logger, short level, string description);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "DTLS alert received: level {Level}, {Description}")]
    public static partial void AlertReceived(ILogger logger, short level, string description);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "DTLS {Role} association closed by the peer")]
    public static partial void ClosedByPeer(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "DTLS datagram send failed")]
    public static partial void SendFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Trace,
        Message = "DTLS application data ignored ({Length} bytes): WebRTC media does not use it")]
    public static partial void ApplicationDataIgnored(ILogger logger, int length);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Debug, Message = "DTLS {Role} receive loop ended")]
    public static partial void ReceiveLoopEnded(ILogger logger, DtlsRole role, Exception exception);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "A DTLS Closed event handler threw")]
    public static partial void ClosedHandlerFailed(ILogger logger, Exception exception);
}
