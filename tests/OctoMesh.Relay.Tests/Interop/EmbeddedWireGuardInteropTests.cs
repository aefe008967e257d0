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
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class EmbeddedWireGuardInteropTests(ITestOutputHelper output)
{
    private static readonly IPAddress EmbeddedOverlay = EmbeddedWireGuardPair.EmbeddedOverlay;
    private const ushort EmbeddedPort = EmbeddedWireGuardPair.EmbeddedPort;
    private const int DatagramsEachWay = EmbeddedWireGuardPair.DatagramsEachWay;

    [Fact]
    public async Task EmbeddedInitiatesAndExchangesDatagramsBothWaysWithWireGuardGo()
    {
        await using var pair = await EmbeddedWireGuardPair.StartAsync();
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
        await using var pair = await EmbeddedWireGuardPair.StartAsync();
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
}
