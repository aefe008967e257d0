using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Relay.WireGuard.Ip;
using OctoMesh.Relay.WireGuard.Noise;

namespace OctoMesh.Relay.WireGuard;

/// <summary>
/// Embedded-mode WireGuard (DESIGN.md "Inter-bridge"): one UDP socket speaking the WireGuard
/// protocol in-process, carrying IPv4/UDP datagrams between overlay addresses, so any standard
/// WireGuard peer (kernel, wireguard-go, WireGuardNT) can be on the other side. A dedicated
/// thread receives; a <see cref="TimeProvider"/> timer drives the protocol timers; sends happen on
/// the caller's thread.
/// </summary>
public sealed class WireGuardTunnel : IDisposable
{
    private readonly Socket socket;
    private readonly WireGuardDevice device;
    private readonly ILogger logger;
    private readonly Thread receiveThread;
    private readonly ITimer timer;
    private readonly SocketTransmitter transmitter;
    private int identification;
    private volatile bool disposed;

    public WireGuardTunnel(WireGuardTunnelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger = (ILogger?)options.LoggerFactory?.CreateLogger<WireGuardTunnel>() ?? NullLogger.Instance;
        if (options.Socket is { } given)
        {
            socket = given;
        }
        else
        {
            socket = new Socket(options.BindEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(options.BindEndPoint);
        }

        socket.ReceiveBufferSize = options.SocketBufferBytes;
        socket.SendBufferSize = options.SocketBufferBytes;
        KeyPair = options.KeyPair;
        OverlayAddress = options.OverlayAddress;
        transmitter = new SocketTransmitter(socket, logger);
        device = new WireGuardDevice(options.KeyPair, options.OverlayAddress, transmitter, options.TimeProvider, logger);
        receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "WireGuard receive " + LocalEndPoint };
        receiveThread.Start();
        timer = options.TimeProvider.CreateTimer(_ => OnTimer(), null, options.TimerInterval, options.TimerInterval);
        WireGuardLog.Started(logger, socket.LocalEndPoint, KeyPair.PublicKey, OverlayAddress);
    }

    /// <summary>Binds a new UDP socket on <paramref name="bindEndPoint"/>.</summary>
    public WireGuardTunnel(WireGuardKeyPair keyPair, IPAddress overlayAddress, IPEndPoint bindEndPoint, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(new WireGuardTunnelOptions { KeyPair = keyPair, OverlayAddress = overlayAddress, BindEndPoint = bindEndPoint, TimeProvider = timeProvider ?? TimeProvider.System, LoggerFactory = loggerFactory })
    {
    }

    /// <summary>Uses an already-bound UDP socket (e.g. one created inside a network namespace); the tunnel disposes it.</summary>
    public WireGuardTunnel(WireGuardKeyPair keyPair, IPAddress overlayAddress, Socket socket, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(new WireGuardTunnelOptions { KeyPair = keyPair, OverlayAddress = overlayAddress, Socket = socket, TimeProvider = timeProvider ?? TimeProvider.System, LoggerFactory = loggerFactory })
    {
    }

    /// <summary>
    /// A UDP datagram arrived from a peer: (source overlay address, source port, destination port, payload).
    /// Runs on the receive thread; the payload is only valid during the call.
    /// </summary>
    public event Action<IPAddress, ushort, ushort, ReadOnlySpan<byte>>? DatagramReceived;

    public WireGuardKeyPair KeyPair { get; }

    public string PublicKey => KeyPair.PublicKey;

    public IPAddress OverlayAddress { get; }

    /// <summary>The UDP socket's bound address (the port to give peers as our endpoint).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public WireGuardCounters Counters => device.Counters;

    /// <summary>Largest payload <see cref="SendDatagram"/> accepts (one IPv4 packet).</summary>
    public static int MaxPayloadLength => Ipv4UdpPacket.MaxPacketLength - Ipv4UdpPacket.HeadersLength;

    /// <summary>Answer handshakes with cookie replies until they carry a valid mac2 (whitepaper §5.3), whatever the load.</summary>
    public bool ForceUnderLoad
    {
        get => device.ForceUnderLoad;
        set => device.ForceUnderLoad = value;
    }

    /// <summary>Whether handshakes currently need mac2 (forced, or too many handshake messages in the last second).</summary>
    public bool IsUnderLoad => device.IsUnderLoad;

    public void AddPeer(WireGuardPeerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (config.Endpoint is { } endPoint && socket.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            config = config with { Endpoint = new IPEndPoint(endPoint.Address.MapToIPv6(), endPoint.Port) };
        }
        device.AddPeer(config);
        WireGuardLog.PeerAdded(logger, config.PublicKey, config.OverlayAddress, config.Endpoint);
    }

    public bool RemovePeer(string publicKey)
    {
        bool removed = device.RemovePeer(publicKey);
        if (removed)
        {
            WireGuardLog.PeerRemoved(logger, publicKey);
        }
        return removed;
    }

    /// <summary>
    /// Sends a UDP datagram to <paramref name="peerOverlay"/>:<paramref name="destinationPort"/>
    /// from our overlay address. Sealed at once when a session exists; otherwise queued (bounded,
    /// oldest dropped) while a handshake runs. False when no peer has that overlay address or the
    /// payload does not fit one IPv4 packet.
    /// </summary>
    public bool SendDatagram(IPAddress peerOverlay, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        if (disposed || payload.Length > MaxPayloadLength || peerOverlay.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        WireGuardPeer? peer = device.FindPeerByOverlay(Ipv4UdpPacket.ToUInt32(peerOverlay));
        if (peer is null)
        {
            return false;
        }
        byte[] packet = ArrayPool<byte>.Shared.Rent(payload.Length + Ipv4UdpPacket.HeadersLength);
        try
        {
            int length = Ipv4UdpPacket.Write(
                device.OverlayAddress, peer.OverlayAddress, sourcePort, destinationPort,
                (ushort)Interlocked.Increment(ref identification), payload, packet);
            return peer.SendPacket(packet.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    /// <summary>The peer's current endpoint (it follows the latest authenticated packet), or null.</summary>
    public IPEndPoint? GetPeerEndpoint(string publicKey) =>
        device.FindPeer(publicKey)?.Endpoint is { } address ? (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address) : null;

    /// <summary>When the last handshake with the peer completed, or null.</summary>
    public DateTimeOffset? GetLastHandshake(string publicKey) => device.FindPeer(publicKey)?.LastHandshake;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        timer.Dispose();
        socket.Dispose();
        if (Thread.CurrentThread != receiveThread)
        {
            receiveThread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void OnTimer()
    {
        if (!disposed)
        {
            device.UpdateTimers();
        }
    }

    private void ReceiveLoop()
    {
        byte[] datagram = new byte[Ipv4UdpPacket.MaxPacketLength + 1];
        byte[] plaintext = new byte[Ipv4UdpPacket.MaxPacketLength + 1];
        SocketAddress source = new(socket.AddressFamily);
        while (!disposed)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(datagram, SocketFlags.None, source);
            }
            catch (SocketException exception) when (!disposed)
            {
                WireGuardLog.ReceiveError(logger, exception.SocketErrorCode);
                continue;
            }
            catch (Exception) when (disposed)
            {
                return;
            }
            ReceiveResult result = device.Receive(datagram.AsSpan(0, length), source, plaintext);
            if (result.Status == ReceiveStatus.Datagram)
            {
                Deliver(result, plaintext);
            }
        }
    }

    private void Deliver(ReceiveResult result, byte[] plaintext)
    {
        try
        {
            DatagramReceived?.Invoke(
                result.Peer!.OverlayIPAddress,
                result.Datagram.SourcePort,
                result.Datagram.DestinationPort,
                plaintext.AsSpan(result.Datagram.PayloadOffset, result.Datagram.PayloadLength));
        }
        catch (Exception exception)
        {
            WireGuardLog.HandlerFailed(logger, exception);
        }
    }

    private sealed class SocketTransmitter(Socket socket, ILogger logger) : IWireGuardTransmitter
    {
        public void Transmit(ReadOnlySpan<byte> datagram, SocketAddress destination)
        {
            try
            {
                socket.SendTo(datagram, SocketFlags.None, destination);
            }
            catch (SocketException exception)
            {
                WireGuardLog.SendError(logger, destination.ToString(), exception.SocketErrorCode);
            }
            catch (ObjectDisposedException)
            {
                // The tunnel is shutting down.
            }
        }
    }
}
