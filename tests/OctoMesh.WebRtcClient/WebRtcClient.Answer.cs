using OctoMesh.Media.Ice;
using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Client;

/// <summary>
/// The answering side, for SFUs that offer to their subscribers (Janus's VideoRoom): we answer recvonly as an
/// ICE-lite agent (RFC 8445 §2.5), so the offerer's full agent runs all checks and we only answer them, and we
/// keep the DTLS client role (a=setup:active, RFC 8842 §5.3), as a browser answering actpass does.
/// </summary>
public sealed partial class WebRtcClient
{
    private const string SetupActive = "active";
    private volatile bool _answering;
    private NegotiatedAnswer? _ourAnswer;

    /// <summary>
    /// Answers a remote offer: BUNDLE, rtcp-mux, a=ice-lite, a=setup:active, our ICE credentials, host candidate
    /// and certificate fingerprint; the offered opus and VP8 (with its RTX) accepted recvonly with the offerer's
    /// payload types, any other m-line rejected with port 0. From now on the offerer's checks are answered.
    /// Call once instead of <see cref="CreateOffer"/>, then <see cref="ConnectAnsweringAsync"/>. Throws
    /// <see cref="WebRtcConnectException"/> (<see cref="ConnectFailure.BadOffer"/>) when the offer cannot be answered.
    /// </summary>
    public string CreateAnswer(string offerSdp)
    {
        ArgumentNullException.ThrowIfNull(offerSdp);
        if (_offer is not null || _ourAnswer is not null)
        {
            throw new InvalidOperationException("An offer or answer was already created; one client is one PeerConnection.");
        }

        var parsed = SessionDescription.Parse(offerSdp);
        if (parsed.Description is not { } offer)
        {
            throw Fail(ConnectFailure.BadOffer, "The offer is not valid SDP: " + parsed.Error);
        }

        if (offer.Media.Any(m => !m.IsRejected && offer.EffectiveSetup(m) == SetupActive))
        {
            throw Fail(ConnectFailure.BadOffer, "The offer is a=setup:active, which would make this client the DTLS server; it answers as the client.");
        }

        var result = SdpNegotiator.CreateAnswer(offer, new LocalMediaOptions
        {
            IceUfrag = LocalUfrag,
            IcePwd = LocalPassword,
            Fingerprint = new SdpFingerprint("sha-256", _certificate.Sha256Fingerprint),
            Candidates = [HostCandidate.Format(LocalEndPoint, IceControllingClient.ComputePriority(IceControllingClient.HostTypePreference, 65535, 1))],
            Capabilities = ReceiveCapabilities(),
        });
        if (result.Answer is not { } negotiated)
        {
            throw Fail(ConnectFailure.BadOffer, "The offer cannot be answered: " + result.Error);
        }

        if (!negotiated.RemoteFingerprint.Algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(ConnectFailure.BadOffer, $"The offer's fingerprint uses {negotiated.RemoteFingerprint.Algorithm}; sha-256 is required.");
        }

        // RFC 8842 §5.3: an actpass offer lets the answerer pick; a browser picks active (the DTLS client), so do we.
        foreach (var media in negotiated.Description.Media.Where(m => m.Port != 0))
        {
            media.Setup = SetupActive;
        }

        var answer = new NegotiatedAnswer
        {
            Description = negotiated.Description,
            LocalDtlsRole = DtlsSetupRole.Client,
            RemoteIceUfrag = negotiated.RemoteIceUfrag,
            RemoteIcePwd = negotiated.RemoteIcePwd,
            RemoteFingerprint = negotiated.RemoteFingerprint,
            RemoteCandidates = negotiated.RemoteCandidates,
            Media = negotiated.Media,
        };
        _ourAnswer = answer;
        Answer = answer;
        _answering = true;
        Volatile.Write(ref _responder, new IceCheckResponder(LocalUfrag, LocalPassword, answer.RemoteIceUfrag, controlling: false));
        return answer.Sdp;
    }

    /// <summary>
    /// After <see cref="CreateAnswer"/> (and after the answer went to the offerer): waits for the offerer's first
    /// valid connectivity check, runs the DTLS handshake as client to its source, pinned to the offer's
    /// fingerprint, and keys SRTP. Checks keep being answered (consent). Throws <see cref="WebRtcConnectException"/>
    /// naming the failed step within <see cref="WebRtcClientOptions.ConnectTimeout"/>.
    /// </summary>
    public async Task ConnectAnsweringAsync(CancellationToken cancellationToken = default)
    {
        var answer = _ourAnswer ?? throw new InvalidOperationException("Call CreateAnswer before ConnectAnsweringAsync.");
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        deadline.CancelAfter(_options.ConnectTimeout);
        try
        {
            await _iceSucceeded.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            Log.IceSucceeded(_logger, LocalEndPoint, RemoteEndPoint!);
            await RunDtlsAndSrtpAsync(answer, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw Fail(_iceSucceeded.Task.IsCompletedSuccessfully ? ConnectFailure.DtlsFailed : ConnectFailure.IceTimeout,
                _iceSucceeded.Task.IsCompletedSuccessfully
                    ? DtlsTimeoutMessage()
                    : $"No valid ICE connectivity check from the offerer reached {LocalEndPoint} within {_options.ConnectTimeout.TotalSeconds:0.#} s " +
                      $"({Counters.IgnoredDatagrams} datagrams ignored): did the offerer get our answer, and can it reach our candidate?");
        }
        catch (OperationCanceledException)
        {
            throw Fail(ConnectFailure.Cancelled, "Connecting was cancelled or the client was disposed.");
        }
    }

    // What a receive-only load client accepts: opus and VP8 with RTX, with the default header extensions.
    private static MediaCapabilities ReceiveCapabilities()
    {
        var capabilities = MediaCapabilities.CreateDefault();
        capabilities.AudioCodecs.RemoveAll(codec => !codec.Name.Equals("opus", StringComparison.OrdinalIgnoreCase));
        capabilities.VideoCodecs.RemoveAll(codec => !codec.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase));
        return capabilities;
    }
}
