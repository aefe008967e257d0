using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over a bounded channel. The UDP receive
/// loop copies datagrams in with <see cref="TryEnqueue"/>; the dedicated handshake thread blocks in
/// <see cref="Receive"/> until a datagram arrives, <c>waitMillis</c> passes (returns -1 so
/// BouncyCastle can run its retransmission timer) or the transport is aborted. Never sleep-polls.
/// </summary>
internal sealed class ChannelDatagramTransport : DatagramTransport
{
    /// <summary>
    /// Largest datagram accepted from the network: an Ethernet MTU. Browsers keep DTLS records
    /// around 1200 bytes, so this leaves headroom for other stacks.
    /// </summary>
    public const int ReceiveLimit = 1500;

    /// <summary>
    /// Largest datagram we send: 1200 bytes fits any path WebRTC runs over, including tunnels and
    /// TURN (RFC 8261 §5 uses the same reasoning for SCTP over DTLS).
    /// </summary>
    public const int SendLimit = 1200;

    /// <summary>A handshake is a few flights of a few datagrams; more queued means a flood.</summary>
    public const int QueueCapacity = 64;

    private readonly Channel<PooledDatagram> _queue = Channel.CreateBounded<PooledDatagram>(
        new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });

    private readonly Action<ReadOnlySpan<byte>> _sendDatagram;
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly ILogger _logger;
    private volatile bool _sendingStopped;

    public ChannelDatagramTransport(Action<ReadOnlySpan<byte>> sendDatagram, ILogger logger)
    {
        _sendDatagram = sendDatagram;
        _logger = logger;
    }

    /// <summary>True once BouncyCastle closed the transport (close_notify or a failure) or it was aborted.</summary>
    public bool IsClosed => _queue.Reader.Completion.IsCompleted;

    /// <summary>True while a datagram waits to be read.</summary>
    public bool HasPending => _queue.Reader.Count > 0;

    /// <summary>
    /// Copies <paramref name="datagram"/> into a pooled buffer and queues it. Returns false when the
    /// datagram is empty or too large, the queue is full, or the transport is closed.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit)
        {
            return false;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        if (_queue.Writer.TryWrite(new PooledDatagram(buffer, datagram.Length)))
        {
            _available.Release();
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    /// <summary>
    /// Stops sending, wakes a blocked <see cref="Receive"/> (which then throws) and returns queued
    /// buffers to the pool. Safe to call more than once and from any thread.
    /// </summary>
    public void Abort()
    {
        _sendingStopped = true;
        _queue.Writer.TryComplete();
        _abort.Cancel();
        DrainQueue();
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    /// <summary>
    /// Blocks the handshake thread until a datagram is available. <paramref name="waitMillis"/> of 0
    /// means no timeout (BouncyCastle's convention, see its DtlsTransport.Receive); on timeout returns
    /// -1. Throws <see cref="IOException"/> once closed or aborted, which ends BouncyCastle's loop.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_queue.Reader.TryRead(out PooledDatagram datagram))
        {
            return CopyOut(datagram, buffer);
        }

        // The wait is a synchronous semaphore wait, not ReadAsync(...).GetResult(): a blocked
        // handshake thread must not need a thread-pool thread (a channel continuation or a timer
        // callback) to wake up, or a busy pool stalls every handshake on the bridge.
        var deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
        while (true)
        {
            if (_queue.Reader.TryRead(out datagram))
            {
                break;
            }

            if (_queue.Reader.Completion.IsCompleted)
            {
                throw new IOException("DTLS transport closed.");
            }

            var remaining = deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);
            if (remaining == 0)
            {
                return -1;
            }

            try
            {
                _available.Wait(remaining, _abort.Token);
            }
            catch (OperationCanceledException)
            {
                throw new IOException("DTLS transport aborted.");
            }
        }

        return CopyOut(datagram, buffer);
    }

    public int Receive(byte[] buf, int off, int len, int waitMillis) =>
        Receive(buf.AsSpan(off, len), waitMillis);

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_sendingStopped)
        {
            return;
        }

        try
        {
            _sendDatagram(buffer);
        }
        catch (Exception exception)
        {
            // UDP semantics: a failed send is a lost datagram, which DTLS retransmission covers.
            DtlsLog.SendFailed(_logger, exception);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(new ReadOnlySpan<byte>(buf, off, len));

    /// <summary>
    /// Called by BouncyCastle once it has sent its close_notify or fatal alert: nothing more is sent
    /// (a racing failure on the receive thread must not follow close_notify with an error alert) and
    /// no more datagrams are read.
    /// </summary>
    public void Close()
    {
        _sendingStopped = true;
        _queue.Writer.TryComplete();
        _available.Release();
    }

    private static int CopyOut(PooledDatagram datagram, Span<byte> destination)
    {
        // A datagram longer than BouncyCastle's buffer is truncated; its record length check then
        // discards it (RFC 6347 §4.1.2.7: invalid records are silently dropped).
        int length = Math.Min(datagram.Length, destination.Length);
        datagram.Buffer.AsSpan(0, length).CopyTo(destination);
        ArrayPool<byte>.Shared.Return(datagram.Buffer);
        return length;
    }

    private void DrainQueue()
    {
        while (_queue.Reader.TryRead(out PooledDatagram datagram))
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private readonly record struct PooledDatagram(byte[] Buffer, int Length);
}
