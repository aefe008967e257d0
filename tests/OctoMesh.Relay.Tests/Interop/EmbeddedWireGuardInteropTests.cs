using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Xunit.Abstractions;
using OctoMesh.Relay.WireGuard;
using OctoMesh.Relay.WireGuard.Os;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// The embedded WireGuard (<see cref="WireGuardTunnel"/>) against wireguard-go, the reference
/// userspace implementation, inside a namespace the test creates: the tunnel's UDP socket is
/// made in that namespace on its loopback, wireguard-go's interface there carries 10.99.0.2/24,
/// and a plain UDP socket bound to 10.99.0.2 talks to the tunnel's overlay address 10.99.0.1.
/// Both sides take a turn as handshake initiator.
/// </summary>
public sealed class EmbeddedWireGuardInteropTests(ITestOutputHelper output)
{
    private static readonly IPAddress EmbeddedOverlay = IPAddress.Parse("10.99.0.1");
    private const ushort EmbeddedPort = 5004;
    private const int DatagramsEachWay = 50;

    [Fact]
    public async Task EmbeddedInitiatesAndExchangesDatagramsBothWaysWithWireGuardGo()
    {
        await using var pair = await EmbeddedPair.StartAsync();
        using var plain = pair.Host.CreateOverlaySocket();
        var plainPort = (ushort)Datagrams.LocalEndPoint(plain).Port;

        // The embedded side speaks first, so it runs the handshake as initiator.
        var clock = Stopwatch.StartNew();
        Assert.True(pair.Tunnel.SendDatagram(pair.Host.OverlayAddress, EmbeddedPort, plainPort, "hello wireguard-go"u8));
        var (first, from) = await Datagrams.ReceiveAsync(plain, "the embedded tunnel's first datagram, after its handshake with wireguard-go");
        output.WriteLine($"embedded initiator: first datagram delivered {clock.Elapsed.TotalMilliseconds:0.0} ms after sending (handshake included)");
        Assert.Equal("hello wireguard-go", first);
        Assert.Equal(new IPEndPoint(EmbeddedOverlay, EmbeddedPort), from);

        await Datagrams.SendAsync(plain, "hello embedded", from);
        var reply = await pair.ReceiveAsync("wireguard-go's answer through the embedded tunnel");
        Assert.Equal((pair.Host.OverlayAddress, plainPort, EmbeddedPort, "hello embedded"), reply);

        clock.Restart();
        await pair.ExchangeManyAsync(plain, plainPort);
        output.WriteLine($"{DatagramsEachWay} round trips of 1.1 kB datagrams: {clock.Elapsed.TotalMilliseconds / DatagramsEachWay:0.00} ms each");
        await pair.AssertBothSidesSawTheHandshakeAsync();
    }

    [Fact]
    public async Task WireGuardGoInitiatesAndTheEmbeddedSideAnswers()
    {
        await using var pair = await EmbeddedPair.StartAsync();
        using var plain = pair.Host.CreateOverlaySocket();
        var plainPort = (ushort)Datagrams.LocalEndPoint(plain).Port;

        // The kernel routes 10.99.0.1 into wireguard-go, which must now initiate.
        var clock = Stopwatch.StartNew();
        await Datagrams.SendAsync(plain, "hello embedded", new IPEndPoint(EmbeddedOverlay, EmbeddedPort));
        var first = await pair.ReceiveAsync("wireguard-go's first datagram, after it initiated a handshake");
        output.WriteLine($"wireguard-go initiator: first datagram delivered {clock.Elapsed.TotalMilliseconds:0.0} ms after sending (handshake included)");
        Assert.Equal((pair.Host.OverlayAddress, plainPort, EmbeddedPort, "hello embedded"), first);

        Assert.True(pair.Tunnel.SendDatagram(pair.Host.OverlayAddress, EmbeddedPort, plainPort, "hello wireguard-go"u8));
        var (reply, from) = await Datagrams.ReceiveAsync(plain, "the embedded answer through wireguard-go");
        Assert.Equal("hello wireguard-go", reply);
        Assert.Equal(new IPEndPoint(EmbeddedOverlay, EmbeddedPort), from);

        clock.Restart();
        await pair.ExchangeManyAsync(plain, plainPort);
        output.WriteLine($"{DatagramsEachWay} round trips of 1.1 kB datagrams: {clock.Elapsed.TotalMilliseconds / DatagramsEachWay:0.00} ms each");
        await pair.AssertBothSidesSawTheHandshakeAsync();
    }

    /// <summary>wireguard-go in its namespace plus an embedded tunnel whose socket lives there too, each the other's peer.</summary>
    private sealed class EmbeddedPair : IAsyncDisposable
    {
        private readonly Channel<(IPAddress Source, ushort SourcePort, ushort DestinationPort, string Text)> _received =
            Channel.CreateUnbounded<(IPAddress, ushort, ushort, string)>();

        private EmbeddedPair(WireGuardGoNamespace host, WireGuardTunnel tunnel)
        {
            Host = host;
            Tunnel = tunnel;
            Tunnel.DatagramReceived += (source, sourcePort, destinationPort, payload) =>
                _received.Writer.TryWrite((source, sourcePort, destinationPort, Encoding.UTF8.GetString(payload)));
        }

        public WireGuardGoNamespace Host { get; }

        public WireGuardTunnel Tunnel { get; }

        public static async Task<EmbeddedPair> StartAsync()
        {
            var host = await WireGuardGoNamespace.StartAsync("10.99.0.2/24");
            try
            {
                // The tunnel's socket is created inside the namespace, on its loopback: nothing leaves it.
                var socket = host.Namespace.CreateUdpSocket(new IPEndPoint(IPAddress.Loopback, 0));
                var tunnel = new WireGuardTunnel(WireGuardKeyPair.Generate(), EmbeddedOverlay, socket);
                var pair = new EmbeddedPair(host, tunnel);
                tunnel.AddPeer(new WireGuardPeerConfig
                {
                    PublicKey = host.Keys.PublicKey,
                    Endpoint = new IPEndPoint(IPAddress.Loopback, host.ListenPort),
                    OverlayAddress = host.OverlayAddress,
                });
                await host.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
                    tunnel.PublicKey, [new IPNetwork(EmbeddedOverlay, 32)], tunnel.LocalEndPoint));
                return pair;
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }

        public async Task<(IPAddress, ushort, ushort, string)> ReceiveAsync(string what)
        {
            using var timeout = new CancellationTokenSource(Datagrams.Deadline);
            try
            {
                return await _received.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"No datagram within {Datagrams.Deadline.TotalSeconds} s: {what}. wireguard-go log:\n{Host.Device.Log}");
            }
        }

        /// <summary>Once the session is up, many full-size datagrams each way arrive intact and in order of sending.</summary>
        public async Task ExchangeManyAsync(Socket plain, ushort plainPort)
        {
            var padding = new string('x', 1100);
            for (var i = 0; i < DatagramsEachWay; i++)
            {
                Assert.True(Tunnel.SendDatagram(
                    Host.OverlayAddress, EmbeddedPort, plainPort, Encoding.UTF8.GetBytes($"to-go {i} {padding}")));
                var (text, _) = await Datagrams.ReceiveAsync(plain, $"embedded datagram {i}");
                Assert.Equal($"to-go {i} {padding}", text);

                await Datagrams.SendAsync(plain, $"to-embedded {i} {padding}", new IPEndPoint(EmbeddedOverlay, EmbeddedPort));
                var received = await ReceiveAsync($"wireguard-go datagram {i}");
                Assert.Equal((Host.OverlayAddress, plainPort, EmbeddedPort, $"to-embedded {i} {padding}"), received);
            }
        }

        public async Task AssertBothSidesSawTheHandshakeAsync()
        {
            Assert.NotNull(Tunnel.GetLastHandshake(Host.Keys.PublicKey));
            var seenByGo = Assert.Single((await Host.Client.GetDeviceAsync()).Peers);
            Assert.Equal(Tunnel.PublicKey, seenByGo.PublicKey);
            Assert.NotNull(seenByGo.LastHandshake);
            Assert.True(seenByGo.ReceivedBytes > DatagramsEachWay * 1100, $"wireguard-go counted {seenByGo.ReceivedBytes} bytes received");
            Assert.True(seenByGo.TransmittedBytes > DatagramsEachWay * 1100, $"wireguard-go counted {seenByGo.TransmittedBytes} bytes sent");
        }

        public async ValueTask DisposeAsync()
        {
            Tunnel.Dispose();
            await Host.DisposeAsync();
        }
    }
}
