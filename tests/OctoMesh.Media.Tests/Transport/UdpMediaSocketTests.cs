using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Tests.Transport;

/// <summary>
/// The media port's receive loops on real loopback sockets: recvmmsg (or ReceiveFrom) into the handler,
/// and several SO_REUSEPORT threads that each keep a flow to themselves.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class UdpMediaSocketTests
{
    private const int Flows = 16;
    private const int DatagramsPerFlow = 1000;
    private const int Burst = 50;
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(4, true)]
    public async Task EveryFlowArrivesWholeAndInOrderOnOneThread(int receiveThreads, bool batched)
    {
        var handler = new RecordingHandler();
        using var port = new UdpMediaSocket(new IPEndPoint(IPAddress.Loopback, 0), handler, IMediaMetrics.None, receiveThreads, batched, NullLogger.Instance);
        port.Start();
        Assert.Equal(receiveThreads, port.ReceiveThreadCount);

        var clients = Enumerable.Range(0, Flows).Select(_ => Bound()).ToArray();
        try
        {
            var datagram = new byte[200];
            for (var first = 0; first < DatagramsPerFlow; first += Burst)
            {
                // Bursts, each awaited, so no socket buffer overflows and any gap is the port's fault.
                for (var sequence = first; sequence < first + Burst; sequence++)
                {
                    foreach (var client in clients)
                    {
                        BinaryPrimitives.WriteInt32BigEndian(datagram, sequence);
                        client.SendTo(datagram, port.LocalEndPoint);
                    }
                }

                await WaitFor(() => handler.Total == (first + Burst) * Flows, $"{(first + Burst) * Flows} datagrams handled, saw {handler.Total}");
            }

            foreach (var client in clients)
            {
                var flow = handler.Flows[((IPEndPoint)client.LocalEndPoint!).Port];
                Assert.Equal(Enumerable.Range(0, DatagramsPerFlow), flow.Sequences);
                Assert.Single(flow.Threads);
            }

            var threadsUsed = handler.Flows.Values.SelectMany(f => f.Threads.Keys).Distinct().Count();
            if (receiveThreads > 1)
            {
                // 16 flows hashed over several sockets all landing on one: 2^-15 at 2 threads.
                Assert.True(threadsUsed >= 2, $"{Flows} flows were all read by one of {receiveThreads} receive threads");
            }
            else
            {
                Assert.Equal(1, threadsUsed);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task DisposeStopsTheThreadsAndFreesThePort(int receiveThreads, bool batched)
    {
        var port = new UdpMediaSocket(new IPEndPoint(IPAddress.Loopback, 0), new RecordingHandler(), IMediaMetrics.None, receiveThreads, batched, NullLogger.Instance);
        port.Start();
        var number = port.LocalEndPoint.Port;
        port.Dispose();

        // The descriptors close once every blocked receive has woken and let go of its socket.
        await WaitFor(() =>
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, number));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"port {number} free again after Dispose");
    }

    [Fact]
    public void SeveralThreadsRefuseAFixedPortAnotherReusePortSocketHolds()
    {
        // Another process of the same user (a second bridge started on the same media port) with SO_REUSEPORT:
        // joining its group would silently split the flows between the two.
        using var squatter = ReusePortSocket(0);
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var error = Assert.Throws<SocketException>(() =>
            new UdpMediaSocket(new IPEndPoint(IPAddress.Loopback, port), new RecordingHandler(), IMediaMetrics.None, 2, true, NullLogger.Instance));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void SeveralThreadsOnPortZeroNeverJoinAnotherReusePortGroup()
    {
        // Linux may give an SO_REUSEPORT socket bound to port 0 a port that another group of the same user holds.
        // With 600 of the 28,000 ephemeral ports held, 150 plain SO_REUSEPORT binds land on one of them with a
        // probability of about 96 %. (Few enough descriptors for a default limit of 1024.)
        const int Held = 600;
        const int Binds = 150;
        var held = new List<Socket>(Held);
        try
        {
            for (var i = 0; i < Held; i++)
            {
                held.Add(ReusePortSocket(0));
            }

            var heldPorts = held.Select(socket => ((IPEndPoint)socket.LocalEndPoint!).Port).ToHashSet();
            for (var i = 0; i < Binds; i++)
            {
                using var port = new UdpMediaSocket(new IPEndPoint(IPAddress.Loopback, 0), new RecordingHandler(), IMediaMetrics.None, 2, true, NullLogger.Instance);
                Assert.False(heldPorts.Contains(port.LocalEndPoint.Port), $"media port udp/{port.LocalEndPoint.Port} joined a port another SO_REUSEPORT group holds");
            }
        }
        finally
        {
            held.ForEach(socket => socket.Dispose());
        }
    }

    private static Socket ReusePortSocket(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetRawSocketOption(LinuxSocketCalls.SocketLevel, LinuxSocketCalls.ReusePort, BitConverter.GetBytes(1));
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static Task WaitFor(Func<bool> condition, string what) => Eventually.Until(condition, Eventually.Patience, what);

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private sealed class Flow
    {
        public List<int> Sequences { get; } = [];

        public ConcurrentDictionary<int, bool> Threads { get; } = new();
    }

    private sealed class RecordingHandler : IDatagramHandler
    {
        private int _total;

        public ConcurrentDictionary<int, Flow> Flows { get; } = new();

        public int Total => Volatile.Read(ref _total);

        public void OnDatagram(Span<byte> buffer, int length, SocketAddress remote)
        {
            var from = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(remote);
            var flow = Flows.GetOrAdd(from.Port, _ => new Flow());
            flow.Threads.TryAdd(Environment.CurrentManagedThreadId, true);
            lock (flow)
            {
                flow.Sequences.Add(BinaryPrimitives.ReadInt32BigEndian(buffer[..length]));
            }

            Interlocked.Increment(ref _total);
        }
    }
}
