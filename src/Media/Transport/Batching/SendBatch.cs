using System.Net;
using System.Net.Sockets;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Transport.Batching;

/// <summary>
/// The SRTP packets one receive thread produces while it handles what it received (a publisher's packet
/// fanned out to N subscribers becomes N slots), sent with one <c>sendmmsg(2)</c> per flush instead of
/// one <c>sendto</c> each. Each packet is SRTP-protected straight into its slot.
/// <para>
/// Order: a batch sends its datagrams in the order they were added, and one stream (one SSRC) is produced
/// by one thread, the one that reads its publisher's flow (SO_REUSEPORT keeps a flow on one socket), so
/// each stream leaves in the order it was protected. Packets of different streams to the same subscriber
/// may interleave differently on the wire from how two threads protected them; SRTP allows that, since
/// replay protection is kept per SSRC with a sliding window (RFC 3711 §3.3.2), for SRTCP as well. No lock
/// is held across a flush, so receive threads never wait for each other's batches.
/// </para>
/// Not thread-safe: owned by one receive thread and reachable only from it through <see cref="Current"/>.
/// </summary>
internal sealed class SendBatch : IDisposable
{
    [ThreadStatic]
    private static SendBatch? t_current;

    private readonly Socket _socket;
    private readonly IMediaMetrics _metrics;
    private readonly DatagramSlots _slots;
    private readonly PacketClass[] _kinds;
    private readonly int[] _lengths;
    private readonly SocketAddress?[] _remotes;
    private bool _useSendMessages;
    private int _count;

    /// <param name="useSendMessages">sendmmsg where the platform has it (false: one SendTo per datagram, for tests).</param>
    public SendBatch(Socket socket, object owner, IMediaMetrics metrics, int capacity, int slotSize, bool useSendMessages = true)
    {
        _socket = socket;
        Owner = owner;
        _metrics = metrics;
        _slots = new DatagramSlots(capacity, slotSize);
        _kinds = new PacketClass[capacity];
        _lengths = new int[capacity];
        _remotes = new SocketAddress?[capacity];
        _useSendMessages = useSendMessages && LinuxSocketCalls.IsSupported;
    }

    /// <summary>The batch of the calling receive thread while it handles datagrams; null on any other thread.</summary>
    public static SendBatch? Current => t_current;

    /// <summary>The media port whose socket this batch sends from; other ports' transports send directly.</summary>
    public object Owner { get; }

    public int Count => _count;

    /// <summary>Datagrams this batch sent with <c>sendmmsg</c> calls, and the calls (for tests and benchmarks).</summary>
    public long DatagramsSent { get; private set; }

    public long SendCalls { get; private set; }

    /// <summary>Make this the calling thread's batch (the receive loop does this once, at its start).</summary>
    public void BindToCurrentThread() => t_current = this;

    /// <summary>Stop batching on the calling thread (after a flush): its sends go out directly again.</summary>
    public void UnbindFromCurrentThread()
    {
        Flush();
        if (ReferenceEquals(t_current, this))
        {
            t_current = null;
        }
    }

    /// <summary>Make room for one more packet, flushing if full.</summary>
    public void EnsureRoom()
    {
        if (_count == _slots.Capacity)
        {
            Flush();
        }
    }

    /// <summary>The slot the next packet is written into (valid until <see cref="Add"/> or <see cref="Flush"/>).</summary>
    public Span<byte> NextSlot => _slots.Data(_count);

    /// <summary>Queue the first <paramref name="length"/> bytes of <see cref="NextSlot"/> for <paramref name="remote"/>.</summary>
    public void Add(int length, SocketAddress remote, PacketClass kind)
    {
        _slots.SetOutgoing(_count, length, remote);
        _kinds[_count] = kind;
        _lengths[_count] = length;
        _remotes[_count] = remote;
        _count++;
    }

    /// <summary>Send everything queued.</summary>
    public void Flush()
    {
        try
        {
            if (_count > 0)
            {
                if (_useSendMessages)
                {
                    SendWithSendMessages();
                }
                else
                {
                    SendOneByOne(0);
                }
            }
        }
        finally
        {
            Array.Clear(_remotes, 0, _count);
            _count = 0;
        }
    }

    private void SendWithSendMessages()
    {
        var next = 0;
        while (next < _count)
        {
            var sent = BatchSocketCalls.Send(_socket, _slots, next, _count - next, out var error);
            SendCalls++;
            if (sent > 0)
            {
                // sendmmsg may stop early (a full send buffer on a non-blocking socket, a signal): resend the rest.
                for (var i = next; i < next + sent; i++)
                {
                    _metrics.PacketSent(_kinds[i], _lengths[i]);
                }

                DatagramsSent += sent;
                next += sent;
                continue;
            }

            if (error == LinuxSocketCalls.ErrorNotImplemented)
            {
                // A kernel or seccomp profile without sendmmsg: plain sends from here on.
                _useSendMessages = false;
                SendOneByOne(next);
                return;
            }

            // The first remaining datagram was refused (EAGAIN/ENOBUFS under pressure, EMSGSIZE, an
            // unreachable address): drop it, counted, and go on with the rest.
            _metrics.Dropped(DropReason.SendFailed);
            next++;
        }
    }

    private void SendOneByOne(int first)
    {
        for (var i = first; i < _count; i++)
        {
            if (SendSlot(i))
            {
                _metrics.PacketSent(_kinds[i], _lengths[i]);
            }
            else
            {
                _metrics.Dropped(DropReason.SendFailed);
            }
        }
    }

    private bool SendSlot(int index)
    {
        try
        {
            var length = _lengths[index];
            return _socket.SendTo(_slots.Data(index)[..length], SocketFlags.None, _remotes[index]!) == length;
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

    public void Dispose()
    {
        UnbindFromCurrentThread();
        _slots.Dispose();
    }
}
