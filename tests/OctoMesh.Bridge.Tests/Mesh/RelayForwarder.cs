using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A simulated network between the bridges' relay sockets, outside the product (after pion's
/// <c>transport/vnet</c>): each bridge registers a front address of this forwarder as its relay endpoint
/// (<see cref="ForwardingRegistry"/>), and every WireGuard datagram between two bridges crosses it.
/// It works like a port-preserving NAT: a sender S reaching bridge X's front gets its own outbound
/// socket toward X, and X's answers to that socket go back to S from X's front. Replies therefore
/// always come from a forwarder address, so WireGuard's roaming never bypasses it.
/// <see cref="Dropping"/> drops everything in both directions, as a broken link would.
/// </summary>
public sealed class RelayForwarder : IAsyncDisposable
{
    private const int MaxDatagram = 65536;

    private readonly ConcurrentDictionary<string, Front> _fronts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Bridge, byte Type), byte[]> _lastMessageTo = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _loopsGate = new();
    private long _forwarded;
    private long _dropped;
    private volatile bool _dropping;

    /// <summary>While true, every datagram in either direction is dropped.</summary>
    public bool Dropping
    {
        get => _dropping;
        set => _dropping = value;
    }

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// The front address to register for bridge <paramref name="bridgeId"/>, forwarding to its real
    /// relay socket <paramref name="relay"/>. A bridge restarted with the same id keeps its front and
    /// gets its new socket as the target.
    /// </summary>
    public IPEndPoint Expose(string bridgeId, IPEndPoint relay)
    {
        var front = _fronts.GetOrAdd(bridgeId, id => new Front(this, id));
        front.Target = relay;
        return front.Address;
    }

    /// <summary>
    /// A copy of the last datagram forwarded to <paramref name="bridgeId"/> whose first byte is
    /// <paramref name="messageType"/> (WireGuard: 1 initiation, 2 response, 3 cookie reply, 4 transport data), or null.
    /// </summary>
    public byte[]? LastMessageTo(string bridgeId, byte messageType) => _lastMessageTo.GetValueOrDefault((bridgeId, messageType));

    private void Start(Func<Task> loop)
    {
        lock (_loopsGate)
        {
            _loops.Add(Task.Run(loop));
        }
    }

    private bool Pass(ReadOnlySpan<byte> datagram, string towardBridge)
    {
        if (_dropping)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        Interlocked.Increment(ref _forwarded);
        if (towardBridge.Length > 0 && datagram.Length > 0)
        {
            _lastMessageTo[(towardBridge, datagram[0])] = datagram.ToArray();
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var front in _fronts.Values)
        {
            front.Dispose();
        }

        Task[] loops;
        lock (_loopsGate)
        {
            loops = [.. _loops];
        }
        await Task.WhenAll(loops);
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>Receives until the socket is closed; a transient socket error (ICMP feedback) is skipped.</summary>
    private async Task ReceiveLoopAsync(Socket socket, Action<ReadOnlyMemory<byte>, IPEndPoint> onDatagram)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            onDatagram(buffer.AsMemory(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
        }
    }

    private static void SendQuietly(Socket socket, ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // The bridge behind it is gone: a real network loses the datagram as well.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>One bridge's public face: senders come in here, and each gets its own way through.</summary>
    private sealed class Front : IDisposable
    {
        private readonly RelayForwarder _owner;
        private readonly string _bridgeId;
        private readonly Socket _socket = Bind();
        private readonly ConcurrentDictionary<IPEndPoint, Socket> _outboundBySender = new();
        private volatile IPEndPoint? _target;

        public Front(RelayForwarder owner, string bridgeId)
        {
            _owner = owner;
            _bridgeId = bridgeId;
            owner.Start(() => owner.ReceiveLoopAsync(_socket, FromSender));
        }

        public IPEndPoint Address => (IPEndPoint)_socket.LocalEndPoint!;

        public IPEndPoint? Target
        {
            get => _target;
            set => _target = value;
        }

        private void FromSender(ReadOnlyMemory<byte> datagram, IPEndPoint sender)
        {
            if (_target is not { } target || !_owner.Pass(datagram.Span, _bridgeId))
            {
                return;
            }

            var outbound = _outboundBySender.GetOrAdd(sender, OpenOutbound);
            SendQuietly(outbound, datagram.Span, target);
        }

        private Socket OpenOutbound(IPEndPoint sender)
        {
            var outbound = Bind();
            _owner.Start(() => _owner.ReceiveLoopAsync(outbound, (answer, _) =>
            {
                if (_owner.Pass(answer.Span, towardBridge: ""))
                {
                    SendQuietly(_socket, answer.Span, sender);
                }
            }));
            return outbound;
        }

        public void Dispose()
        {
            _socket.Dispose();
            foreach (var outbound in _outboundBySender.Values)
            {
                outbound.Dispose();
            }
        }
    }
}
