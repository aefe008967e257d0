using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The system calls of the fan-out on real loopback UDP sockets (issue 5, "The packet path"):
/// <see cref="Datagrams"/> protected-size datagrams (1216 bytes: 1200 of RTP + the 16-byte GCM tag), each
/// to a different subscriber, sent with one <c>sendto</c> each (what the bridge did) or with one
/// <c>sendmmsg</c>; and <see cref="ReceiveBatch"/> datagrams received with a <c>recvfrom</c> loop or one
/// <c>recvmmsg</c>. Every buffer, header and address is allocated in set-up: all must report 0 B.
/// The sinks are sockets nobody reads (as in <see cref="ForwardingRig"/>): each send still runs the whole
/// loopback path up to the receiving socket.
/// </summary>
[MemoryDiagnoser]
public class SyscallBatchingBenchmarks
{
    public const int DatagramLength = 1216;
    public const int ReceiveBatch = 32;

    private Socket _sender = null!;
    private Socket[] _sinks = [];
    private SocketAddress[] _sinkAddresses = [];
    private byte[] _datagram = [];
    private DatagramSlots _sendSlots = null!;
    private Socket _receiver = null!;
    private SocketAddress _receiverAddress = null!;
    private DatagramSlots _toReceiver = null!;
    private DatagramSlots _receiveSlots = null!;
    private byte[] _receiveBuffer = [];
    private SocketAddress _from = null!;

    [Params(50)]
    public int Datagrams { get; set; } = 50;

    [GlobalSetup]
    public void Setup()
    {
        if (!LinuxSocketCalls.IsSupported)
        {
            throw new PlatformNotSupportedException("sendmmsg/recvmmsg need 64-bit Linux");
        }

        _sender = Bound();
        _datagram = GC.AllocateArray<byte>(DatagramLength, pinned: true);
        Random.Shared.NextBytes(_datagram);
        _sinks = new Socket[Datagrams];
        _sinkAddresses = new SocketAddress[Datagrams];
        _sendSlots = new DatagramSlots(Datagrams, 2048);
        for (var i = 0; i < Datagrams; i++)
        {
            _sinks[i] = Bound();
            _sinkAddresses[i] = _sinks[i].LocalEndPoint!.Serialize();
            _datagram.CopyTo(_sendSlots.Data(i));
            _sendSlots.SetOutgoing(i, DatagramLength, _sinkAddresses[i]);
        }

        _receiver = Bound();
        _receiver.ReceiveBufferSize = 4 * 1024 * 1024;
        _receiverAddress = _receiver.LocalEndPoint!.Serialize();
        _toReceiver = new DatagramSlots(ReceiveBatch, 2048);
        for (var i = 0; i < ReceiveBatch; i++)
        {
            _datagram.CopyTo(_toReceiver.Data(i));
            _toReceiver.SetOutgoing(i, DatagramLength, _receiverAddress);
        }

        _receiveSlots = new DatagramSlots(ReceiveBatch, 2048);
        _receiveBuffer = GC.AllocateArray<byte>(2048, pinned: true);
        _from = new SocketAddress(AddressFamily.InterNetwork);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }

        _sendSlots.Dispose();
        _toReceiver.Dispose();
        _receiveSlots.Dispose();
    }

    /// <summary>The bridge's fan-out before batching: one <c>sendto</c> per subscriber.</summary>
    [Benchmark(Baseline = true)]
    public int SendToEach()
    {
        var sent = 0;
        foreach (var remote in _sinkAddresses)
        {
            sent += _sender.SendTo(_datagram, SocketFlags.None, remote) == DatagramLength ? 1 : 0;
        }

        return sent == Datagrams ? sent : throw new InvalidOperationException("a sendto failed");
    }

    /// <summary>The same datagrams in one <c>sendmmsg</c> (the kernel may take fewer; the rest is resent).</summary>
    [Benchmark]
    public int SendMessagesOnce()
    {
        var sent = 0;
        while (sent < Datagrams)
        {
            var count = BatchSocketCalls.Send(_sender, _sendSlots, sent, Datagrams - sent, out var error);
            if (count <= 0)
            {
                throw new InvalidOperationException($"sendmmsg failed: errno {error}");
            }

            sent += count;
        }

        return sent;
    }

    /// <summary>
    /// 32 datagrams queued to the receiver by one <c>sendmmsg</c>, then read with 32 <c>recvfrom</c> calls
    /// (the bridge's receive loop before batching). Subtract <see cref="SendMessagesOnce"/> × 32/50 for the receive alone.
    /// </summary>
    [Benchmark]
    public int ReceiveFromEach()
    {
        QueueToReceiver();
        var received = 0;
        for (var i = 0; i < ReceiveBatch; i++)
        {
            received += _receiver.ReceiveFrom(_receiveBuffer, SocketFlags.None, _from) == DatagramLength ? 1 : 0;
        }

        return received;
    }

    /// <summary>The same 32 datagrams read with <c>recvmmsg</c> (MSG_WAITFORONE; repeated until all 32 are in).</summary>
    [Benchmark]
    public int ReceiveMessagesOnce()
    {
        QueueToReceiver();
        var received = 0;
        while (received < ReceiveBatch)
        {
            for (var i = 0; i < ReceiveBatch; i++)
            {
                _receiveSlots.SetIncoming(i);
            }

            var count = BatchSocketCalls.Receive(_receiver, _receiveSlots, ReceiveBatch - received, out var error);
            if (count <= 0)
            {
                throw new InvalidOperationException($"recvmmsg failed: errno {error}");
            }

            received += count;
        }

        return received;
    }

    private void QueueToReceiver()
    {
        var sent = 0;
        while (sent < ReceiveBatch)
        {
            var count = BatchSocketCalls.Send(_sender, _toReceiver, sent, ReceiveBatch - sent, out var error);
            if (count <= 0)
            {
                throw new InvalidOperationException($"sendmmsg failed: errno {error}");
            }

            sent += count;
        }
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
