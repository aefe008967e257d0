using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Transport;

/// <summary>
/// The one UDP port every session shares (DESIGN.md "Edge ingress"), read by one or more
/// <see cref="MediaReceiveLoop"/>s. With several, each has its own socket bound to the same port with
/// <c>SO_REUSEPORT</c> (Linux 3.9+): the kernel hashes each datagram's 4-tuple to one socket, so every
/// flow (one peer's address and port) is always read by the same thread, in order, and the flows spread
/// over the cores. Sends from other threads (timers, DTLS, relay) are synchronous
/// <c>SendTo(ReadOnlySpan, SocketAddress)</c> on the first socket; receive threads batch theirs
/// (see <see cref="Batching.SendBatch"/>).
/// </summary>
public sealed class UdpMediaSocket : IDisposable
{
    /// <summary>Receive buffer size: a full Ethernet MTU plus room for SRTP/RTX growth in place.</summary>
    public const int ReceiveBufferSize = 2048;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for on every socket of the port.</summary>
    public const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly MediaReceiveLoop[] _loops;
    private readonly Socket _sendSocket;
    private readonly IMediaMetrics _metrics;
    private readonly bool _batched;
    private volatile bool _disposed;

    public UdpMediaSocket(IPEndPoint bindEndPoint, IDatagramHandler handler, ILogger logger)
        : this(bindEndPoint, handler, IMediaMetrics.None, receiveThreads: 1, batched: true, logger)
    {
    }

    /// <param name="receiveThreads">Receive loops (sockets sharing the port); more than one needs Linux.</param>
    /// <param name="batched">Use <c>recvmmsg</c>/<c>sendmmsg</c> where available (false: one system call per datagram).</param>
    public UdpMediaSocket(IPEndPoint bindEndPoint, IDatagramHandler handler, IMediaMetrics metrics, int receiveThreads, bool batched, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveThreads, 1);
        if (receiveThreads > 1 && !LinuxSocketCalls.IsSupported)
        {
            // SO_REUSEPORT balancing by flow is Linux behaviour; elsewhere one thread reads the port.
            receiveThreads = 1;
        }

        _loops = new MediaReceiveLoop[receiveThreads];
        var sockets = receiveThreads > 1 ? BindSharedSockets(bindEndPoint, receiveThreads) : [CreateSocket(bindEndPoint, shared: false)];
        LocalEndPoint = (IPEndPoint)sockets[0].LocalEndPoint!;
        var started = 0;
        try
        {
            for (; started < receiveThreads; started++)
            {
                _loops[started] = new MediaReceiveLoop(sockets[started], this, handler, metrics, logger, $"media-rx:{LocalEndPoint.Port}/{started}", batched);
            }
        }
        catch
        {
            foreach (var loop in _loops)
            {
                loop?.Stop();
            }

            foreach (var socket in sockets.Skip(started))
            {
                socket.Dispose();
            }

            throw;
        }

        _sendSocket = _loops[0].Socket;
        _metrics = metrics;
        _batched = batched && LinuxSocketCalls.IsSupported;
    }

    /// <summary>
    /// A batcher for one thread outside this port's receive loops (the relay's), so a packet it fans out to N
    /// transports of this port leaves in one <c>sendmmsg</c>; with batched I/O off its scopes do nothing.
    /// </summary>
    public ForeignSendBatcher CreateForeignSendBatcher() => new(_batched
        ? new SendBatch(_sendSocket, this, _metrics, MediaReceiveLoop.SendBatchCapacity, ReceiveBufferSize)
        : null);

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _sendSocket.AddressFamily;

    /// <summary>The socket direct sends use (a receive thread's batch may send from its own), for benchmarks and tests.</summary>
    internal Socket SendSocketForTesting => _sendSocket;

    /// <summary>Receive threads (sockets) reading the port.</summary>
    public int ReceiveThreadCount => _loops.Length;

    /// <summary>
    /// The receive buffer the kernel granted (Linux caps the request at <c>net.core.rmem_max</c> and reports
    /// twice the granted size, its bookkeeping overhead included).
    /// </summary>
    public int GrantedReceiveBufferBytes => _loops[0].Socket.ReceiveBufferSize;

    public void Start()
    {
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>Send one datagram; false (counted by the caller) if the socket refused it.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            return _sendSocket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// <paramref name="count"/> sockets sharing one port with SO_REUSEPORT. Any later socket of the same user that
    /// sets SO_REUSEPORT may join a group, and for port 0 Linux may even pick a port another group of this user
    /// holds (it skips only ports it could not share): two bridges would then split each other's flows. So a plain
    /// bind first proves the port is nobody's (a fixed port in use fails here, as with one thread), then the group
    /// binds it.
    /// </summary>
    private static Socket[] BindSharedSockets(IPEndPoint bindEndPoint, int count)
    {
        const int Attempts = 8;
        for (var attempt = 1; ; attempt++)
        {
            var endPoint = FreePort(bindEndPoint);
            var sockets = new List<Socket>(count);
            try
            {
                while (sockets.Count < count)
                {
                    sockets.Add(CreateSocket(endPoint, shared: true));
                }

                return [.. sockets];
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && bindEndPoint.Port == 0 && attempt < Attempts)
            {
                // Another socket took the free port between the probe and the group's bind: pick another.
                sockets.ForEach(socket => socket.Dispose());
            }
            catch
            {
                sockets.ForEach(socket => socket.Dispose());
                throw;
            }
        }
    }

    /// <summary>Binds and closes a plain socket: <paramref name="bindEndPoint"/> with its port free of every other socket.</summary>
    private static IPEndPoint FreePort(IPEndPoint bindEndPoint)
    {
        using var probe = CreateSocket(bindEndPoint, shared: false);
        return new IPEndPoint(bindEndPoint.Address, ((IPEndPoint)probe.LocalEndPoint!).Port);
    }

    private static Socket CreateSocket(IPEndPoint bindEndPoint, bool shared)
    {
        var socket = new Socket(bindEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bindEndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            if (shared)
            {
                // SO_REUSEPORT must be set on every socket of the group before bind. Only sockets of the
                // same effective user can join the group (Linux socket(7)).
                socket.SetRawSocketOption(LinuxSocketCalls.SocketLevel, LinuxSocketCalls.ReusePort, BitConverter.GetBytes(1));
            }

            socket.ReceiveBufferSize = SocketBufferBytes;
            socket.SendBufferSize = SocketBufferBytes;
            socket.Bind(bindEndPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var loop in _loops)
        {
            loop.Stop();
        }
    }
}
