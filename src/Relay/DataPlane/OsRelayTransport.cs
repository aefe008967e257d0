using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OctoMesh.Relay.WireGuard;
using Microsoft.Extensions.Logging;
using OctoMesh.Relay.WireGuard.Os;

namespace OctoMesh.Relay.DataPlane;

/// <summary>
/// Relay frames over an OS WireGuard interface (kernel or wireguard-go; DESIGN.md "Inter-bridge", os mode):
/// a plain UDP socket bound to this bridge's overlay address, port <see cref="RelayDataPlane.OverlayPort"/>,
/// and the operating system encrypts. The bridge programs the interface's private key, listen port
/// and peers through the UAPI (<see cref="OsWireGuardInterface"/>); the operator creates the interface,
/// gives it the overlay address and brings it up.
/// </summary>
public sealed class OsRelayTransport : IRelayTransport
{
    // sockaddr_in: family (2 bytes), port (2), IPv4 address (4), in network order.
    private const int SocketAddressIPv4Offset = 4;
    private const int ReceiveBufferSize = 2048;

    private readonly Socket _socket;
    private readonly OsWireGuardInterface _interface;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPAddress, SocketAddress> _destinations = new();
    private readonly Dictionary<uint, IPAddress> _sources = [];
    private readonly Lock _syncLock = new();
    private readonly Thread _receiveThread;
    private Task _peerSync = Task.CompletedTask;
    private volatile bool _disposed;

    private OsRelayTransport(Socket socket, OsWireGuardInterface wireGuard, string publicKey, IPEndPoint localRelayEndpoint, ILogger logger)
    {
        _socket = socket;
        // As the embedded tunnel's socket: one socket carries every relayed stream.
        _socket.ReceiveBufferSize = WireGuardTunnelOptions.DefaultSocketBufferBytes;
        _socket.SendBufferSize = WireGuardTunnelOptions.DefaultSocketBufferBytes;
        _interface = wireGuard;
        _logger = logger;
        PublicKey = publicKey;
        LocalRelayEndpoint = localRelayEndpoint;
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "Relay overlay receive" };
        _receiveThread.Start();
    }

    /// <summary>
    /// Gives <paramref name="wireGuard"/> the private key of <paramref name="keys"/> and the listen port
    /// <paramref name="listenPort"/> (0: the interface's current one), then receives relay frames on
    /// <paramref name="socket"/>, or on a new UDP socket bound to <paramref name="overlay"/>:7000 when null
    /// (the overlay address must already be on the interface).
    /// </summary>
    public static async Task<OsRelayTransport> StartAsync(OsWireGuardInterface wireGuard, WireGuardKeyPair keys, IPAddress overlay,
        IPAddress advertisedAddress, int listenPort, ILogger logger, Socket? socket = null, CancellationToken cancellationToken = default)
    {
        await wireGuard.ConfigureAsync(keys.PrivateKey, listenPort == 0 ? null : listenPort, cancellationToken).ConfigureAwait(false);
        var state = await wireGuard.GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(overlay, RelayDataPlane.OverlayPort));
        }

        OsRelayTransportLog.Started(logger, wireGuard.InterfaceName, overlay, RelayDataPlane.OverlayPort);
        return new OsRelayTransport(socket, wireGuard, keys.PublicKey, new IPEndPoint(advertisedAddress, state.ListenPort ?? listenPort), logger);
    }

    public string PublicKey { get; }

    public IPEndPoint LocalRelayEndpoint { get; }

    public OsWireGuardInterface Interface => _interface;

    public event RelayFrameReceived? FrameReceived;

    /// <summary>Completes when every peer change requested so far has reached the interface (or failed and was logged).</summary>
    public Task PeersSynchronized
    {
        get { lock (_syncLock) { return _peerSync; } }
    }

    public bool Send(IPAddress overlay, ReadOnlySpan<byte> frame)
    {
        var destination = _destinations.GetOrAdd(overlay, address => new IPEndPoint(address, RelayDataPlane.OverlayPort).Serialize());
        try
        {
            return _socket.SendTo(frame, SocketFlags.None, destination) == frame.Length;
        }
        catch (SocketException)
        {
            // No route yet (peer not programmed) or the interface is down: the caller counts a drop.
            return false;
        }
    }

    public void AddPeer(RelayTransportPeer peer)
    {
        var uapiPeer = new WireGuardUapiPeer(peer.PublicKey, [new IPNetwork(peer.OverlayAddress, 32)], peer.RelayEndpoint);
        EnqueuePeerChange(() => _interface.PeerAppearedAsync(uapiPeer));
    }

    public void RemovePeer(RelayTransportPeer peer) => EnqueuePeerChange(() => _interface.PeerLeftAsync(peer.PublicKey));

    // Registry updates arrive synchronously; the UAPI is asynchronous. Changes are applied in order.
    private void EnqueuePeerChange(Func<Task> change)
    {
        lock (_syncLock)
        {
            _peerSync = _peerSync.ContinueWith(async _ =>
            {
                try
                {
                    await change().ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is WireGuardUapiException or IOException or SocketException or ArgumentException)
                {
                    OsRelayTransportLog.PeerSyncFailed(_logger, _interface.InterfaceName, exception);
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[ReceiveBufferSize];
        var source = new SocketAddress(AddressFamily.InterNetwork);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (SocketException exception)
            {
                if (_disposed)
                {
                    return;
                }
                OsRelayTransportLog.ReceiveFailed(_logger, exception);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            FrameReceived?.Invoke(SourceAddress(source), buffer.AsSpan(0, length));
        }
    }

    // One IPAddress per peer for the socket's lifetime, not one per packet (only the receive thread uses the cache).
    private IPAddress SourceAddress(SocketAddress source)
    {
        var raw = BinaryPrimitives.ReadUInt32BigEndian(source.Buffer.Span[SocketAddressIPv4Offset..]);
        if (!_sources.TryGetValue(raw, out var address))
        {
            address = new IPAddress(source.Buffer.Span.Slice(SocketAddressIPv4Offset, 4));
            _sources[raw] = address;
        }
        return address;
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }
}
