using System.Net;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Sdp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Client;

/// <summary>Bringing the transport up: answer, ICE (controlling), DTLS (client), SRTP; then consent.</summary>
public sealed partial class WebRtcClient
{
    private readonly TaskCompletionSource _iceSucceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _iceLock = new();
    private readonly byte[] _iceRequest = new byte[IceControllingClient.MaxRequestSize];
    private IceControllingClient? _ice;
    private IceCheckResponder? _responder;
    private StunTransactionId _pendingCheck;
    private int _iceRequestLength;
    private SocketAddress? _remote;
    private DtlsTransport? _dtls;
    private ITimer? _consentTimer;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private long _lastConsentTimestamp;

    /// <summary>When the bridge last answered a connectivity or consent check, or null before ICE succeeded.</summary>
    public DateTimeOffset? LastConsent
    {
        get
        {
            var timestamp = Interlocked.Read(ref _lastConsentTimestamp);
            return timestamp == 0 ? null : _options.Time.GetUtcNow() - _options.Time.GetElapsedTime(timestamp);
        }
    }

    /// <summary>
    /// Applies the answer to our offer and connects: ICE checks with USE-CANDIDATE to the answer's first UDP
    /// host candidate until one is answered (answering the peer's own checks meanwhile, as a full agent such as
    /// libnice needs), then the DTLS handshake pinned to the answer's fingerprint in the role the answer gave
    /// us (client for a=setup:passive, server for a=setup:active), then SRTP. Completes when media can flow;
    /// throws <see cref="WebRtcConnectException"/> naming the failed step otherwise (within
    /// <see cref="WebRtcClientOptions.ConnectTimeout"/>).
    /// </summary>
    public async Task ConnectAsync(string answerSdp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answerSdp);
        var offer = _offer ?? throw new InvalidOperationException("Call CreateOffer before ConnectAsync.");
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var answer = ReadAnswer(offer, answerSdp);
        Answer = answer;
        Volatile.Write(ref _responder, new IceCheckResponder(LocalUfrag, LocalPassword, answer.RemoteIceUfrag, controlling: true));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        deadline.CancelAfter(_options.ConnectTimeout);
        try
        {
            await RunIceAsync(answer, deadline.Token).ConfigureAwait(false);
            await RunDtlsAndSrtpAsync(answer, deadline.Token).ConfigureAwait(false);
            _consentTimer = _options.Time.CreateTimer(_ => SendConsentCheck(), null, _options.ConsentInterval, _options.ConsentInterval);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw Fail(_iceSucceeded.Task.IsCompletedSuccessfully ? ConnectFailure.DtlsFailed : ConnectFailure.IceTimeout,
                _iceSucceeded.Task.IsCompletedSuccessfully
                    ? DtlsTimeoutMessage()
                    : $"No ICE Binding success from {RemoteEndPoint} within {_options.ConnectTimeout.TotalSeconds:0.#} s: is the bridge's media port reachable, and was the session created?");
        }
        catch (OperationCanceledException)
        {
            throw Fail(ConnectFailure.Cancelled, "Connecting was cancelled or the client was disposed.");
        }
    }

    private NegotiatedAnswer ReadAnswer(SessionDescription offer, string answerSdp)
    {
        var result = SdpNegotiator.ProcessRemoteAnswer(offer, answerSdp);
        if (result.Answer is not { } answer)
        {
            throw Fail(ConnectFailure.BadAnswer, "The answer cannot be applied: " + result.Error);
        }

        if (!answer.RemoteFingerprint.Algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(ConnectFailure.BadAnswer, $"The answer's fingerprint uses {answer.RemoteFingerprint.Algorithm}; sha-256 is required.");
        }

        var remote = HostCandidate.FirstUdpHost(answer.RemoteCandidates)
            ?? throw Fail(ConnectFailure.BadAnswer, "The answer has no UDP host candidate (a=candidate:... udp ... typ host).");
        if (remote.AddressFamily != LocalEndPoint.AddressFamily)
        {
            throw Fail(ConnectFailure.BadAnswer, $"The answer's candidate {remote} is not reachable from the {LocalEndPoint.AddressFamily} socket bound to {LocalEndPoint}.");
        }

        RemoteEndPoint = remote;
        return answer;
    }

    /// <summary>
    /// RFC 8445 §7.2.4 and §8.1.1 (aggressive nomination, as browsers do against a lite agent): one check
    /// with USE-CANDIDATE, retransmitted with the same transaction id (RFC 8489 §6.2.1) until answered.
    /// </summary>
    private async Task RunIceAsync(NegotiatedAnswer answer, CancellationToken cancellationToken)
    {
        var ice = new IceControllingClient(LocalUfrag, LocalPassword, answer.RemoteIceUfrag, answer.RemoteIcePwd);
        lock (_iceLock)
        {
            _ice = ice;
            _iceRequestLength = ice.WriteBindingRequest(_iceRequest, useCandidate: true, Priority(), out _pendingCheck);
        }

        // Written after _ice: the receive loop reads _remote first and then needs _ice.
        Volatile.Write(ref _remote, RemoteEndPoint!.Serialize());
        while (!_iceSucceeded.Task.IsCompleted)
        {
            lock (_iceLock)
            {
                SendToRemote(_iceRequest.AsSpan(0, _iceRequestLength));
            }

            await Task.WhenAny(_iceSucceeded.Task, Task.Delay(_options.IceRetransmitInterval, _options.Time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        await _iceSucceeded.Task.ConfigureAwait(false);
        Log.IceSucceeded(_logger, LocalEndPoint, RemoteEndPoint!);
    }

    /// <summary>
    /// RFC 5764: the DTLS handshake in the negotiated role, pinned to the peer's fingerprint (RFC 8122 §5), then
    /// SRTP keyed from it. Marks the client connected.
    /// </summary>
    private async Task RunDtlsAndSrtpAsync(NegotiatedAnswer negotiated, CancellationToken cancellationToken)
    {
        var role = negotiated.LocalDtlsRole == DtlsSetupRole.Client ? DtlsRole.Client : DtlsRole.Server;
        var dtls = new DtlsTransport(role, _certificate, negotiated.RemoteFingerprint.Value, SendDtls, _logger)
        {
            HandshakeTimeout = _options.ConnectTimeout,
        };
        _dtls = dtls;
        if (_disposed.IsCancellationRequested)
        {
            dtls.Dispose();
        }
        else
        {
            dtls.Start();
        }

        // The handshake thread completes the task; never continue on it (STYLE: it must not wait for us).
        var result = await dtls.Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        if (!result.Succeeded || result.Keys is not { } keys)
        {
            throw Fail(result.Reason == DtlsFailureReason.Disposed ? ConnectFailure.Cancelled : ConnectFailure.DtlsFailed,
                $"The DTLS handshake ({role}) with {RemoteEndPoint} failed ({result.Reason}): {result.Detail}");
        }

        // RFC 5764 §4.2: each side protects with its own write key and reads the other's.
        var isClient = role == DtlsRole.Client;
        _inbound = isClient
            ? SrtpContext.Create(keys.Profile, keys.ServerWriteKey, keys.ServerWriteSalt)
            : SrtpContext.Create(keys.Profile, keys.ClientWriteKey, keys.ClientWriteSalt);
        Volatile.Write(ref _outbound, isClient
            ? SrtpContext.Create(keys.Profile, keys.ClientWriteKey, keys.ClientWriteSalt)
            : SrtpContext.Create(keys.Profile, keys.ServerWriteKey, keys.ServerWriteSalt));
        Profile = keys.Profile;
        Log.Connected(_logger, LocalEndPoint, RemoteEndPoint!, keys.Profile);
    }

    private string DtlsTimeoutMessage() =>
        $"The DTLS handshake with {RemoteEndPoint} did not finish within {_options.ConnectTimeout.TotalSeconds:0.#} s.";

    /// <summary>Called on the receive loop for every STUN response or indication from the peer's selected address.</summary>
    private void OnStunResponse(ReadOnlySpan<byte> datagram)
    {
        lock (_iceLock)
        {
            if (_ice is null || !_ice.TryReadSuccess(datagram, _pendingCheck, out _))
            {
                Counters.Ignored();
                return;
            }
        }

        Interlocked.Exchange(ref _lastConsentTimestamp, _options.Time.GetTimestamp());
        _iceSucceeded.TrySetResult();
    }

    /// <summary>RFC 7675 §5.1: a Binding request on the selected pair refreshes consent; the response is awaited by <see cref="OnStunResponse"/>.</summary>
    private void SendConsentCheck()
    {
        lock (_iceLock)
        {
            if (_ice is null || _disposed.IsCancellationRequested)
            {
                return;
            }

            _iceRequestLength = _ice.WriteBindingRequest(_iceRequest, useCandidate: true, Priority(), out _pendingCheck);
            SendToRemote(_iceRequest.AsSpan(0, _iceRequestLength));
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram) => SendToRemote(datagram);

    // RFC 8445 §7.1.1: PRIORITY is what a peer-reflexive candidate learned from this check would get.
    private static uint Priority() =>
        IceControllingClient.ComputePriority(IceControllingClient.PeerReflexiveTypePreference, 65535, 1);

    private WebRtcConnectException Fail(ConnectFailure failure, string detail)
    {
        Log.ConnectFailed(_logger, LocalEndPoint, failure, detail);
        return new WebRtcConnectException(failure, detail);
    }
}
