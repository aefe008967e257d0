using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Transport;

/// <summary>
/// The bridge's media port: one <see cref="UdpMediaSocket"/> shared by every
/// <see cref="WebRtcTransport"/>. STUN finds its transport by the USERNAME's local ufrag
/// (RFC 8445 §7.2.2); everything else by the remote address that ICE bound (RFC 7983 demux).
/// A one-second sweep closes transports whose consent expired (RFC 7675 §5.1).
/// </summary>
public sealed partial class MediaServer : IDatagramHandler, IDisposable
{
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcTransport> _byAddress = new();
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _ufragLookup;
    private readonly IMediaMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ITimer _consentSweep;

    /// <param name="receiveThreads">Receive loops sharing the port (<see cref="UdpMediaSocket"/>); 1 = one thread.</param>
    /// <param name="batchedIo">recvmmsg/sendmmsg on Linux (false: one system call per datagram, for comparisons).</param>
    public MediaServer(IPEndPoint bindEndPoint, IMediaMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory,
        int receiveThreads = 1, bool batchedIo = true)
    {
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<MediaServer>();
        _ufragLookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        Certificate = DtlsCertificate.CreateSelfSigned();
        Socket = new UdpMediaSocket(bindEndPoint, this, metrics, receiveThreads, batchedIo, _logger);
        _consentSweep = time.CreateTimer(_ => SweepConsent(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The DTLS certificate every transport presents; its fingerprint goes in each answer.</summary>
    public DtlsCertificate Certificate { get; }

    public UdpMediaSocket Socket { get; }

    public int LocalPort => Socket.LocalEndPoint.Port;

    public int TransportCount => _byId.Count;

    /// <summary>How long a transport may go without a valid ICE check before it is closed.</summary>
    public TimeSpan ConsentTimeout { get; init; } = IceLiteAgent.ConsentTimeout;

    public void Start()
    {
        Socket.Start();
        Log.Listening(_logger, Socket.LocalEndPoint, Socket.ReceiveThreadCount);
        if (Socket.GrantedReceiveBufferBytes < UdpMediaSocket.SocketBufferBytes)
        {
            Log.SmallReceiveBuffer(_logger, Socket.GrantedReceiveBufferBytes / 1024, UdpMediaSocket.SocketBufferBytes / 1024);
        }
    }

    public WebRtcTransport CreateTransport()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var transport = new WebRtcTransport(this, id, Certificate, _metrics, _time, _loggerFactory.CreateLogger<WebRtcTransport>());
        _byId[id] = transport;
        _byUfrag[transport.LocalUfrag] = transport;
        return transport;
    }

    public void OnDatagram(Span<byte> buffer, int length, SocketAddress remote)
    {
        var datagram = buffer[..length];
        var kind = PacketClassifier.Classify(datagram);
        _metrics.PacketReceived(kind, length);
        switch (kind)
        {
            case PacketClass.Stun:
                OnStun(datagram, remote);
                break;
            case PacketClass.Dtls:
                if (_byAddress.TryGetValue(remote, out var dtlsOwner))
                {
                    dtlsOwner.OnDtls(datagram);
                }
                else
                {
                    _metrics.Dropped(DropReason.UnknownSource);
                }

                break;
            case PacketClass.Rtp:
            case PacketClass.Rtcp:
                if (_byAddress.TryGetValue(remote, out var mediaOwner))
                {
                    mediaOwner.OnSrtp(datagram, kind);
                }
                else
                {
                    _metrics.Dropped(DropReason.UnknownSource);
                }

                break;
            default:
                _metrics.Dropped(DropReason.UnknownProtocol);
                break;
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!StunMessage.TryGetLocalUfrag(datagram, out var ufragBytes) || ufragBytes.Length > 256)
        {
            // Binding indications (keepalives) and responses carry no USERNAME: nothing to do.
            _metrics.Dropped(DropReason.StunMalformed);
            return;
        }

        Span<char> ufrag = stackalloc char[ufragBytes.Length];
        if (!Encoding.ASCII.TryGetChars(ufragBytes, ufrag, out var chars) || !_ufragLookup.TryGetValue(ufrag[..chars], out var transport))
        {
            _metrics.Dropped(DropReason.StunUnknownUsername);
            return;
        }

        transport.OnStun(datagram, remote);
    }

    internal void BindAddress(WebRtcTransport transport, SocketAddress remote)
    {
        if (_byAddress.TryGetValue(remote, out var existing) && ReferenceEquals(existing, transport))
        {
            return;
        }

        var key = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span.CopyTo(key.Buffer.Span);
        _byAddress[key] = transport;
    }

    internal void Unregister(WebRtcTransport transport)
    {
        _byId.TryRemove(transport.Id, out _);
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(transport.LocalUfrag, transport));
        foreach (var (address, owner) in _byAddress)
        {
            if (ReferenceEquals(owner, transport))
            {
                _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcTransport>(address, owner));
            }
        }
    }

    private void SweepConsent()
    {
        foreach (var transport in _byId.Values)
        {
            if (transport.Ice.IsConsentExpired(ConsentTimeout))
            {
                _metrics.ConsentExpired();
                transport.Close("ice-consent-expired");
            }
        }
    }

    public void Dispose()
    {
        _consentSweep.Dispose();
        foreach (var transport in _byId.Values)
        {
            transport.Close("shutdown");
        }

        Socket.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Media port listening on udp://{EndPoint} with {ReceiveThreads} receive thread(s)")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint, int receiveThreads);

        [LoggerMessage(21, LogLevel.Warning, "Media port receive buffer is {GrantedKiB} KiB, below the {RequestedKiB} KiB asked for: "
            + "the kernel caps it at net.core.rmem_max, and a bridge descheduled for a moment then drops packets (the relay socket too). "
            + "Raise the limits: sysctl -w net.core.rmem_max=4194304 net.core.wmem_max=4194304")]
        public static partial void SmallReceiveBuffer(ILogger logger, int grantedKiB, int requestedKiB);
    }
}
