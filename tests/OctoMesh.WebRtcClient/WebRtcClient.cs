using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Sdp;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Client;

/// <summary>
/// A headless WebRTC peer in the browser's role, one per PeerConnection, for load generators and
/// tests: it offers (JSEP, RFC 8829) and runs ICE as the controlling agent (RFC 8445 §7.2), answering the peer's
/// own checks too (a full agent such as Janus's libnice needs that), or answers an SFU's offer as an ICE-lite
/// recvonly peer; then DTLS (RFC 5764, client unless an answer made it the server) and SRTP (RFC 3711), over one
/// UDP socket of its own.
/// The protocol work is done by the Media stack's own types (<see cref="SdpOfferBuilder"/>,
/// <see cref="IceControllingClient"/>, <see cref="DtlsTransport"/>, <see cref="SrtpContext"/>);
/// this class owns the socket, the timers and the order of the steps.
/// </summary>
/// <remarks>
/// Usage: <see cref="Create"/>, <see cref="CreateOffer"/>, send the offer (WHIP/WHEP), then
/// <see cref="ConnectAsync"/> with the answer — or <see cref="CreateAnswer"/> to a remote offer, send it, then
/// <see cref="ConnectAnsweringAsync"/>; then <see cref="SendRtp"/> / <see cref="SendRtcp"/>, and
/// <see cref="RtpReceived"/> / <see cref="RtcpReceived"/> on the receive loop.
/// </remarks>
public sealed partial class WebRtcClient : IDisposable
{
    /// <summary>The audio section's mid.</summary>
    public const string AudioMid = "0";

    /// <summary>The video section's mid.</summary>
    public const string VideoMid = "1";

    /// <summary>Opus payload type offered (opus/48000/2, RFC 7587).</summary>
    public const int OpusPayloadType = 111;

    /// <summary>VP8 payload type offered (VP8/90000, RFC 7741).</summary>
    public const int Vp8PayloadType = 96;

    /// <summary>The RTX payload type repairing VP8 (RFC 4588, apt=96).</summary>
    public const int Vp8RtxPayloadType = 97;

    /// <summary>Header extension id of the mid extension (RFC 8843 §15.1) in our offer.</summary>
    public const int MidExtensionId = 4;

    /// <summary>Header extension id of the RTP stream id (RFC 8852 §3.1, a simulcast layer's rid), as Chromium numbers it.</summary>
    public const int RtpStreamIdExtensionId = 10;

    /// <summary>Header extension id of the repaired RTP stream id (RFC 8852 §3.2), offered with simulcast as Chromium does.</summary>
    public const int RepairedRtpStreamIdExtensionId = 11;

    /// <summary>Most simulcast layers a client offers (browsers send at most 3 or 4).</summary>
    public const int MaxSimulcastLayers = 4;

    private const int MaxRidLength = 16;
    private const int SendBufferSize = 2048;

    private readonly WebRtcClientOptions _options;
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _sendLock = new();
    private readonly byte[] _rtpSendBuffer = new byte[SendBufferSize];
    private readonly byte[] _rtcpSendBuffer = new byte[SendBufferSize];
    private SessionDescription? _offer;

    private WebRtcClient(WebRtcClientOptions options)
    {
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _certificate = options.Certificate ?? DtlsCertificate.CreateSelfSigned();
        (LocalUfrag, LocalPassword) = IceLiteAgent.GenerateCredentials();
        AudioSsrc = NewSsrc();
        VideoSsrc = NewSsrc();
        VideoRtxSsrc = NewSsrc();
        SimulcastSsrcs = options.Sends && options.Video ? [.. options.SimulcastRids.Select(_ => NewSsrc())] : [];
        Cname = "client-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

        var family = options.BindEndPoint.AddressFamily;
        _socket = options.CreateSocket?.Invoke(family) ?? new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.ReceiveBufferSize is { } receiveBufferSize)
            {
                _socket.ReceiveBufferSize = receiveBufferSize;
            }

            _socket.Bind(options.BindEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>Creates a client, binds its socket and starts its receive loop.</summary>
    public static WebRtcClient Create(WebRtcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Audio && !options.Video)
        {
            throw new ArgumentException("Offer audio, video or both.", nameof(options));
        }

        ValidateSimulcastRids(options.SimulcastRids);

        var client = new WebRtcClient(options);
        _ = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>The bound local address (the ephemeral port resolved).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The bridge's media address, taken from the answer's first UDP host candidate.</summary>
    public IPEndPoint? RemoteEndPoint { get; private set; }

    /// <summary>Our ICE username fragment, as offered.</summary>
    public string LocalUfrag { get; }

    /// <summary>Our ICE password, as offered.</summary>
    public string LocalPassword { get; }

    /// <summary>The SSRC of the audio we send (announced in a sending offer).</summary>
    public uint AudioSsrc { get; }

    /// <summary>The SSRC of the video we send.</summary>
    public uint VideoSsrc { get; }

    /// <summary>The RTX SSRC paired with <see cref="VideoSsrc"/> (a=ssrc-group:FID).</summary>
    public uint VideoRtxSsrc { get; }

    /// <summary>
    /// The SSRC of each simulcast layer we send, in the order of <see cref="WebRtcClientOptions.SimulcastRids"/>; empty
    /// without simulcast (or when not sending video). Not in the offer: the layers are told apart by their rid.
    /// </summary>
    public IReadOnlyList<uint> SimulcastSsrcs { get; }

    /// <summary>True when the offer announces simulcast layers (<see cref="SimulcastSsrcs"/>) rather than one video stream.</summary>
    public bool SendsSimulcast => SimulcastSsrcs.Count > 0;

    /// <summary>Our RTCP CNAME (RFC 3550 §6.5.1).</summary>
    public string Cname { get; }

    /// <summary>The bridge's answer, once <see cref="ConnectAsync"/> has read it: SSRCs, payload types, extension ids.</summary>
    public NegotiatedAnswer? Answer { get; private set; }

    /// <summary>The negotiated SRTP profile, once connected.</summary>
    public SrtpProfile? Profile { get; private set; }

    /// <summary>True once SRTP is keyed, until disposal.</summary>
    public bool IsConnected => Volatile.Read(ref _outbound) is not null && !_disposed.IsCancellationRequested;

    /// <summary>Packet and byte counters.</summary>
    public WebRtcClientCounters Counters { get; } = new();

    /// <summary>A decrypted RTP packet arrived (on the receive loop).</summary>
    public event MediaPacketHandler? RtpReceived;

    /// <summary>A decrypted RTCP compound packet arrived (on the receive loop).</summary>
    public event MediaPacketHandler? RtcpReceived;

    /// <summary>
    /// Writes the offer: BUNDLE, rtcp-mux, a=setup:actpass, our ICE credentials, host candidate and
    /// certificate fingerprint; opus/48000/2 (PT 111) and VP8/90000 (PT 96, RTX 97) sendonly with
    /// a=ssrc cname/msid lines (or, with <see cref="WebRtcClientOptions.SimulcastRids"/>, rid simulcast), or recvonly. Call once, before <see cref="ConnectAsync"/>.
    /// </summary>
    public string CreateOffer()
    {
        if (_offer is not null || _answering)
        {
            throw new InvalidOperationException("An offer or answer was already created; one client is one PeerConnection.");
        }

        var builder = new SdpOfferBuilder(new SdpOfferOptions
        {
            IceUfrag = LocalUfrag,
            IcePwd = LocalPassword,
            Fingerprint = new SdpFingerprint("sha-256", _certificate.Sha256Fingerprint),
            Candidates = [HostCandidate.Format(LocalEndPoint, IceControllingClient.ComputePriority(IceControllingClient.HostTypePreference, 65535, 1))],
        });
        var offer = builder.CreateOffer(ClientOffer.Tracks(this, _options));
        if (SendsSimulcast)
        {
            ClientOffer.AnnounceSimulcast(offer, _options.SimulcastRids);
        }

        // The builder writes the bridge's own (ICE-lite) offers; this peer is a full, controlling agent.
        offer.IceLite = false;
        _offer = offer;
        return offer.ToString();
    }

    /// <summary>Stops the receive loop and timers, closes DTLS (close_notify) and the socket. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _consentTimer?.Dispose();
        _dtls?.Dispose();
        lock (_sendLock)
        {
            Interlocked.Exchange(ref _outbound, null)?.Dispose();
        }

        // The receive loop may still hold the inbound context for one packet: it is left to the collector.
        Interlocked.Exchange(ref _inbound, null);
        _socket.Dispose();
        _iceSucceeded.TrySetCanceled();
    }

    private static void ValidateSimulcastRids(IReadOnlyList<string> rids)
    {
        if (rids.Count == 0)
        {
            return;
        }

        if (rids.Count is < 2 or > MaxSimulcastLayers)
        {
            throw new ArgumentException($"Simulcast needs 2 to {MaxSimulcastLayers} rids; got {rids.Count}.", nameof(rids));
        }

        foreach (var rid in rids)
        {
            if (rid.Length is 0 or > MaxRidLength || !rid.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"The rid '{rid}' is not 1-{MaxRidLength} letters or digits.", nameof(rids));
            }
        }

        if (rids.Distinct(StringComparer.Ordinal).Count() != rids.Count)
        {
            throw new ArgumentException("The simulcast rids repeat one.", nameof(rids));
        }
    }

    private static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Debug, "WebRTC client {Local}: ICE check answered by {Remote}")]
        public static partial void IceSucceeded(ILogger logger, IPEndPoint local, IPEndPoint remote);

        [LoggerMessage(201, LogLevel.Information, "WebRTC client {Local} connected to {Remote} with {Profile}")]
        public static partial void Connected(ILogger logger, IPEndPoint local, IPEndPoint remote, SrtpProfile profile);

        [LoggerMessage(202, LogLevel.Warning, "WebRTC client {Local} failed to connect: {Failure} {Detail}")]
        public static partial void ConnectFailed(ILogger logger, IPEndPoint local, ConnectFailure failure, string detail);

        [LoggerMessage(203, LogLevel.Warning, "WebRTC client {Local}: a media handler threw; packet skipped")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint local, Exception exception);

        [LoggerMessage(204, LogLevel.Debug, "WebRTC client {Local}: receive loop ended")]
        public static partial void ReceiveLoopEnded(ILogger logger, IPEndPoint local, Exception? exception);

        [LoggerMessage(205, LogLevel.Debug, "WebRTC client {Local}: the offerer's check from {Remote} selected it (USE-CANDIDATE {Nominated})")]
        public static partial void RemoteSelected(ILogger logger, IPEndPoint local, IPEndPoint remote, bool nominated);
    }
}
