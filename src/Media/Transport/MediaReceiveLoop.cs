using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Transport;

/// <summary>
/// One receive thread on one socket of the media port. On 64-bit Linux it takes up to
/// <see cref="DatagramsPerReceive"/> datagrams per <c>recvmmsg(2)</c> into a ring of native slots and
/// hands each to the handler in arrival order, in place; the SRTP packets the handler sends meanwhile
/// collect in the thread's <see cref="SendBatch"/>, flushed with <c>sendmmsg(2)</c> once the received
/// batch is handled (or when it fills). Elsewhere it falls back to <c>ReceiveFrom</c> and <c>SendTo</c>.
/// Nothing is allocated per datagram.
/// </summary>
internal sealed partial class MediaReceiveLoop
{
    /// <summary>Datagrams per <c>recvmmsg</c>: 32 × 2 KiB of slots, 64 KiB per thread.</summary>
    public const int DatagramsPerReceive = 32;

    /// <summary>Packets per <c>sendmmsg</c>: a 1 → 50 fan-out fits in one call.</summary>
    public const int SendBatchCapacity = 64;

    private readonly Socket _socket;
    private readonly UdpMediaSocket _owner;
    private readonly IDatagramHandler _handler;
    private readonly IMediaMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly bool _batched;
    private volatile bool _stopping;

    public MediaReceiveLoop(Socket socket, UdpMediaSocket owner, IDatagramHandler handler, IMediaMetrics metrics, ILogger logger, string name, bool batched)
    {
        _socket = socket;
        _owner = owner;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
        _batched = batched && LinuxSocketCalls.IsSupported;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public Socket Socket => _socket;

    public void Start() => _thread.Start();

    /// <summary>Stop: wake the thread out of its blocking receive (shutdown) and close the socket.</summary>
    public void Stop()
    {
        _stopping = true;
        try
        {
            // Linux wakes a receiver blocked on an unconnected UDP socket on shutdown even though the
            // call itself reports ENOTCONN; close alone would leave it blocked.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    private void Run()
    {
        if (_batched)
        {
            using var batch = new SendBatch(_socket, _owner, _metrics, SendBatchCapacity, UdpMediaSocket.ReceiveBufferSize);
            batch.BindToCurrentThread();
            ReceiveWithReceiveMessages(batch);
        }
        else
        {
            ReceiveWithReceiveFrom();
        }
    }

    private void ReceiveWithReceiveMessages(SendBatch batch)
    {
        using var slots = new DatagramSlots(DatagramsPerReceive, UdpMediaSocket.ReceiveBufferSize);
        var remote = new SocketAddress(_socket.AddressFamily);
        for (var i = 0; i < DatagramsPerReceive; i++)
        {
            slots.SetIncoming(i);
        }

        while (!_stopping)
        {
            var received = BatchSocketCalls.Receive(_socket, slots, DatagramsPerReceive, out var error);
            if (_stopping)
            {
                return;
            }

            if (received < 0)
            {
                if (error == LinuxSocketCalls.ErrorBadDescriptor)
                {
                    return;
                }

                // ECONNREFUSED from an ICMP error of a departed peer and the like: not fatal.
                continue;
            }

            try
            {
                for (var i = 0; i < received; i++)
                {
                    if (slots.WasTruncated(i))
                    {
                        // Larger than any datagram WebRTC sends over an Ethernet MTU: not ours to parse.
                        _metrics.Dropped(DropReason.UnknownProtocol);
                    }
                    else
                    {
                        slots.CopyAddressTo(i, remote);
                        Handle(slots.Data(i), slots.TransferredLength(i), remote);
                    }

                    slots.SetIncoming(i);
                }
            }
            finally
            {
                batch.Flush();
            }
        }
    }

    private void ReceiveWithReceiveFrom()
    {
        var buffer = GC.AllocateArray<byte>(UdpMediaSocket.ReceiveBufferSize, pinned: true);
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!_stopping)
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
            catch (Exception) when (_stopping)
            {
                return;
            }

            if (_stopping)
            {
                return;
            }

            Handle(buffer, length, remote);
        }
    }

    private void Handle(Span<byte> buffer, int length, SocketAddress remote)
    {
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

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Media datagram handler failed; datagram dropped")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
