using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// One WebRTC session's DTLS 1.2 association, used only to key SRTP (RFC 5764). Datagrams from the
/// network go in through <see cref="EnqueueReceived"/>; datagrams to the network leave through the
/// <c>sendDatagram</c> callback. BouncyCastle's blocking handshake runs on a dedicated thread and
/// blocks on a bounded channel, so nothing here touches a socket.
/// </summary>
/// <remarks>
/// After the handshake the thread keeps reading while DTLS records keep coming: if our last flight was
/// lost the peer retransmits its Finished, and BouncyCastle answers by resending our flight
/// (RFC 6347 §4.2.4). Once no record has come for <see cref="IdleServeTimeout"/> (default <see cref="DefaultIdleServeTimeout"/>) the thread ends, and a
/// later record (a retransmission, close_notify, an alert) starts a new one: an established session
/// holds no thread, so idle sessions cost memory, not threads. A close_notify or fatal alert from the
/// peer raises <see cref="Closed"/>.
/// </remarks>
public sealed partial class DtlsTransport : IDisposable
{
    /// <summary>Default overall handshake deadline.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>RFC 6347 §4.2.4.1: the initial retransmission timer is 1 second, doubled on each expiry.</summary>
    public static readonly TimeSpan DefaultInitialRetransmitTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an established association's thread waits for another record before it ends. Longer than
    /// the peer's first retransmission timers (1 s, 2 s, 4 s), so a lost final flight is usually repaired
    /// without a new thread.
    /// </summary>
    public static readonly TimeSpan DefaultIdleServeTimeout = TimeSpan.FromSeconds(8);

    private readonly DtlsRole _role;
    private readonly DtlsCertificate _localCertificate;
    private readonly ChannelDatagramTransport _datagrams;
    private readonly ILogger _logger;
    // Continuations run on the handshake thread that completes it: the session's SRTP keys must
    // not wait for a thread-pool thread (a busy pool would delay every new session's first media).
    // Awaiters must therefore not block.
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion = new();

    private volatile string? _expectedRemoteFingerprint;
    private volatile BcDtlsTransport? _established;
    private int _started;
    private int _serving;
    private int _disposed;
    private int _closedRaised;

    /// <summary>Creates the transport; nothing is sent before <see cref="Start"/>.</summary>
    /// <param name="role">Server towards browsers (a=setup:passive), client in the load generator.</param>
    /// <param name="localCertificate">The process-wide certificate announced in our SDP.</param>
    /// <param name="expectedRemoteFingerprint">The remote SDP's <c>a=fingerprint:sha-256</c> value.</param>
    /// <param name="sendDatagram">Sends one UDP datagram to the peer; called on the handshake thread.</param>
    /// <param name="logger">Optional logger.</param>
    public DtlsTransport(
        DtlsRole role,
        DtlsCertificate localCertificate,
        string? expectedRemoteFingerprint,
        Action<ReadOnlySpan<byte>> sendDatagram,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentNullException.ThrowIfNull(sendDatagram);
        _role = role;
        _localCertificate = localCertificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
        _logger = logger ?? NullLogger.Instance;
        _datagrams = new ChannelDatagramTransport(sendDatagram, _logger);
    }

    /// <summary>
    /// Raised once, on the handshake thread, when an established association ends from the peer's side
    /// (close_notify or a fatal alert). Not raised by <see cref="Dispose"/>.
    /// </summary>
    public event Action? Closed;

    /// <summary>
    /// The remote SDP's sha-256 fingerprint ("AB:CD:..."). Read when the peer's certificate arrives,
    /// so it may be set after <see cref="Start"/> as long as it is set before then.
    /// </summary>
    public string? ExpectedRemoteFingerprint
    {
        get => _expectedRemoteFingerprint;
        set => _expectedRemoteFingerprint = value;
    }

    /// <summary>This endpoint's role.</summary>
    public DtlsRole Role => _role;

    /// <summary>Overall handshake deadline; set before <see cref="Start"/>.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;

    /// <summary>First retransmission timeout of a flight; set before <see cref="Start"/>.</summary>
    public TimeSpan InitialRetransmitTimeout { get; set; } = DefaultInitialRetransmitTimeout;

    /// <summary>How long an established association's thread waits for a record before ending; set before <see cref="Start"/>.</summary>
    public TimeSpan IdleServeTimeout { get; set; } = DefaultIdleServeTimeout;

    /// <summary>True while a thread serves this association (the handshake, or records after it).</summary>
    public bool IsServing => Volatile.Read(ref _serving) != 0;

    /// <summary>
    /// Client role only: the use_srtp profiles offered, most preferred first. Defaults to GCM then
    /// AES-CM/HMAC-SHA1-80; tests and the load generator may narrow it to imitate other browsers.
    /// </summary>
    internal int[] OfferedSrtpProfiles { get; set; } = DtlsSrtpKeyMaterial.PreferredProfiles.ToArray();

    /// <summary>Completes once: success with SRTP keys, or failure with a reason.</summary>
    public Task<DtlsHandshakeResult> Completion => _completion.Task;

    /// <summary>True after a successful handshake until the association closes or is disposed.</summary>
    public bool IsEstablished =>
        _established is not null && Volatile.Read(ref _closedRaised) == 0 && !_datagrams.IsClosed;

    /// <summary>Starts the handshake on a dedicated long-running task. Call once.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The DTLS transport was already started.");
        }

        Volatile.Write(ref _serving, 1);
        Task.Factory.StartNew(
            RunHandshakeAndServe, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void StartServing(BcDtlsTransport established) =>
        Task.Factory.StartNew(
            () => ServeWhileBusy(established), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Copies one datagram (RFC 7983: first byte 20..63) into the receive queue. Returns false when the
    /// queue is full, the datagram is empty or larger than an MTU, or the transport is closed; the
    /// caller counts it as dropped. Never blocks, never throws.
    /// </summary>
    public bool EnqueueReceived(ReadOnlySpan<byte> datagram)
    {
        if (!_datagrams.TryEnqueue(datagram))
        {
            return false;
        }

        if (_established is { } established && Interlocked.CompareExchange(ref _serving, 1, 0) == 0)
        {
            StartServing(established);
        }

        return true;
    }

    /// <summary>
    /// Aborts a handshake in progress (<see cref="Completion"/> then reports
    /// <see cref="DtlsFailureReason.Disposed"/> immediately), or sends close_notify on an established
    /// association, and releases the queue. The handshake thread exits on its own shortly after.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        BcDtlsTransport? established = _established;
        if (established is not null)
        {
            SendCloseNotify(established);
        }

        _datagrams.Abort();
        _completion.TrySetResult(DtlsHandshakeResult.Failure(DtlsFailureReason.Disposed, "The DTLS transport was disposed."));
    }

    /// <summary>
    /// RFC 5246 §7.2.1: tell the peer we are closing. BouncyCastle serialises record writes, and the
    /// handshake thread is at most decrypting an incoming record meanwhile, which uses separate state.
    /// </summary>
    private void SendCloseNotify(BcDtlsTransport established)
    {
        try
        {
            established.Close();
        }
        catch (Exception exception)
        {
            DtlsLog.SendFailed(_logger, exception);
        }
    }

    /// <summary>close_notify from the peer: only an established association "closes"; mid-handshake it is a failure.</summary>
    private void OnCloseNotifyReceived()
    {
        if (_established is not null)
        {
            RaiseClosedOnce();
        }
    }

    /// <summary>Marks the association closed (so <see cref="IsEstablished"/> is false) before telling the handlers.</summary>
    private void RaiseClosedOnce()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _closedRaised, 1) != 0)
        {
            return;
        }

        DtlsLog.ClosedByPeer(_logger, _role);
        try
        {
            Closed?.Invoke();
        }
        catch (Exception exception)
        {
            DtlsLog.ClosedHandlerFailed(_logger, exception);
        }
    }
}
