using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Media.Transport;

/// <summary>
/// The one UDP port every session shares (DESIGN.md "Edge ingress"). A dedicated thread
/// receives into a fixed buffer with the allocation-free <c>ReceiveFrom(Span, SocketAddress)</c>
/// and hands each datagram to the handler in place; sends are synchronous
/// <c>SendTo(ReadOnlySpan, SocketAddress)</c>, which also allocate nothing.
/// </summary>
public sealed partial class UdpMediaSocket : IDisposable
{
    /// <summary>Receive buffer size: a full Ethernet MTU plus room for SRTP/RTX growth in place.</summary>
    public const int ReceiveBufferSize = 2048;

    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly IDatagramHandler _handler;
    private readonly ILogger _logger;
    private readonly Thread _receiveThread;
    private volatile bool _disposed;

    public UdpMediaSocket(IPEndPoint bindEndPoint, IDatagramHandler handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        _socket = new Socket(bindEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bindEndPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = SocketBufferBytes;
        _socket.SendBufferSize = SocketBufferBytes;
        _socket.Bind(bindEndPoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveThread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = $"media-rx:{LocalEndPoint.Port}",
        };
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    public void Start() => _receiveThread.Start();

    /// <summary>Send one datagram; false (counted by the caller) if the socket refused it.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
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

    private void ReceiveLoop()
    {
        var buffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port unreachable from a departed peer, or an oversized datagram: not fatal.
                continue;
            }
            catch (Exception) when (_disposed)
            {
                return;
            }

            try
            {
                _handler.OnDatagram(buffer, length, remote);
            }
            catch (Exception ex)
            {
                // A bug in one session's handling must not stop the port for every other session.
                Log.HandlerFailed(_logger, ex);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Media datagram handler failed; datagram dropped")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
