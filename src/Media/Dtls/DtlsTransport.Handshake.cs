using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace OctoMesh.Media.Dtls;

/// <summary>The handshake thread: run BouncyCastle, publish the outcome, then serve retransmissions.</summary>
public sealed partial class DtlsTransport
{
    private void RunHandshakeAndServe()
    {
        try
        {
            HandshakeAndServe();
        }
        catch (Exception exception)
        {
            // Nothing above should throw; if it does, report it rather than fault an unobserved task.
            _completion.TrySetResult(DtlsHandshakeResult.Failure(
                DtlsFailureReason.InternalError, $"{exception.GetType().Name}: {exception.Message}"));
            _datagrams.Abort();
        }
    }

    private void HandshakeAndServe()
    {
        var handshake = new DtlsHandshakeContext(
            new BcTlsCrypto(new SecureRandom()),
            _localCertificate,
            () => _expectedRemoteFingerprint,
            ToMillis(HandshakeTimeout),
            ToMillis(InitialRetransmitTimeout),
            OnCloseNotifyReceived,
            _logger);

        BcDtlsTransport established;
        try
        {
            DtlsLog.HandshakeStarted(_logger, _role);
            established = _role == DtlsRole.Server
                ? new DtlsServerProtocol { VerifyRequests = false }.Accept(new SrtpDtlsServer(handshake), _datagrams)
                : new DtlsClientProtocol().Connect(new SrtpDtlsClient(handshake, OfferedSrtpProfiles), _datagrams);
        }
        catch (Exception exception)
        {
            DtlsHandshakeResult failure = Classify(exception, handshake);
            DtlsLog.HandshakeFailed(_logger, _role, failure.Reason, failure.Detail ?? string.Empty);
            _completion.TrySetResult(failure);
            _datagrams.Abort();
            return;
        }

        if (handshake.Keys is not { } keys)
        {
            _completion.TrySetResult(DtlsHandshakeResult.Failure(
                DtlsFailureReason.InternalError, "The handshake completed without exporting SRTP keys."));
            _datagrams.Abort();
            return;
        }

        _established = established;
        DtlsLog.HandshakeCompleted(_logger, _role, keys.Profile, handshake.NegotiatedCipherSuite);
        _completion.TrySetResult(DtlsHandshakeResult.Success(keys));

        // Dispose may have run between Accept returning and _established being set; it then could not
        // send close_notify, but it did abort the queue, so the serving below ends at once.
        ServeWhileBusy(established);
    }

    /// <summary>
    /// Keeps BouncyCastle reading after the handshake so a retransmitted final flight from the peer
    /// makes it resend ours (RFC 6347 §4.2.4), and so close_notify is noticed. Returns when no record
    /// came for <see cref="IdleServeTimeout"/> (the next one starts a new thread through
    /// <see cref="EnqueueReceived"/>), or for good when the peer closes or on <see cref="Dispose"/>.
    /// </summary>
    private void ServeWhileBusy(BcDtlsTransport established)
    {
        byte[] buffer = new byte[ChannelDatagramTransport.ReceiveLimit];
        var idleMillis = ToMillis(IdleServeTimeout);
        try
        {
            while (true)
            {
                int received = established.Receive(buffer, 0, buffer.Length, idleMillis);
                if (received >= 0)
                {
                    DtlsLog.ApplicationDataIgnored(_logger, received);
                    continue;
                }

                // Idle: stand down, unless a record slipped in after the wait gave up and its
                // EnqueueReceived saw this thread still serving (then it started nothing).
                Volatile.Write(ref _serving, 0);
                if (!_datagrams.HasPending || Interlocked.CompareExchange(ref _serving, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            DtlsLog.ReceiveLoopEnded(_logger, _role, exception);
        }

        RaiseClosedOnce();
        _datagrams.Abort();
    }

    private DtlsHandshakeResult Classify(Exception exception, DtlsHandshakeContext handshake)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return DtlsHandshakeResult.Failure(DtlsFailureReason.Disposed, "The DTLS transport was disposed.");
        }

        if (handshake.RefusalReason != DtlsFailureReason.None)
        {
            return DtlsHandshakeResult.Failure(handshake.RefusalReason, handshake.RefusalDetail ?? handshake.RefusalReason.ToString());
        }

        return exception switch
        {
            TlsTimeoutException => DtlsHandshakeResult.Failure(
                DtlsFailureReason.Timeout, $"No DTLS handshake within {HandshakeTimeout.TotalSeconds:0.#} s."),
            TlsFatalAlertReceived received => DtlsHandshakeResult.Failure(
                DtlsFailureReason.Alert, $"The peer sent fatal alert {AlertDescription.GetText(received.AlertDescription)}."),
            _ when handshake.CloseNotifyReceived => DtlsHandshakeResult.Failure(
                DtlsFailureReason.Alert, "The peer sent close_notify during the handshake."),
            TlsFatalAlert sent when sent.AlertDescription != AlertDescription.internal_error => DtlsHandshakeResult.Failure(
                DtlsFailureReason.Alert, $"Sent fatal alert {AlertDescription.GetText(sent.AlertDescription)}: {sent.Message}"),
            _ => DtlsHandshakeResult.Failure(
                DtlsFailureReason.InternalError, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static int ToMillis(TimeSpan duration) =>
        (int)Math.Clamp(duration.TotalMilliseconds, 1, int.MaxValue);
}
