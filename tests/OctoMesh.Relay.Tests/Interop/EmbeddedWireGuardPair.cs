using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using OctoMesh.Relay.WireGuard;
using OctoMesh.Relay.WireGuard.Os;
using Xunit.Sdk;
using OctoMesh.Testing.WireGuard;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// wireguard-go in its namespace (overlay 10.99.0.2) plus an embedded <see cref="WireGuardTunnel"/>
/// (overlay 10.99.0.1) whose UDP socket lives in the same namespace on its loopback, each the
/// other's peer. Disposing ends both and deletes the namespace.
/// </summary>
internal sealed class EmbeddedWireGuardPair : IAsyncDisposable
{
    public static readonly IPAddress EmbeddedOverlay = IPAddress.Parse("10.99.0.1");
    public const ushort EmbeddedPort = 5004;
    public const int DatagramsEachWay = 50;

    private readonly Channel<(IPAddress Source, ushort SourcePort, ushort DestinationPort, string Text)> _received =
        Channel.CreateUnbounded<(IPAddress, ushort, ushort, string)>();

    private EmbeddedWireGuardPair(WireGuardGoNamespace host, WireGuardTunnel tunnel)
    {
        Host = host;
        Tunnel = tunnel;
        Tunnel.DatagramReceived += (source, sourcePort, destinationPort, payload) =>
            _received.Writer.TryWrite((source, sourcePort, destinationPort, Encoding.UTF8.GetString(payload)));
    }

    public WireGuardGoNamespace Host { get; }

    public WireGuardTunnel Tunnel { get; }

    /// <summary>The embedded side as wireguard-go's peer: its key, its overlay /32, its socket's endpoint.</summary>
    public WireGuardUapiPeer EmbeddedAsUapiPeer =>
        new(Tunnel.PublicKey, [new IPNetwork(EmbeddedOverlay, 32)], Tunnel.LocalEndPoint);

    public static async Task<EmbeddedWireGuardPair> StartAsync(bool programWireGuardGo = true)
    {
        var host = await WireGuardGoNamespace.StartAsync("10.99.0.2/24");
        WireGuardTunnel? tunnel = null;
        try
        {
            // The tunnel's socket is created inside the namespace, on its loopback: nothing leaves it.
            var socket = host.Namespace.CreateUdpSocket(new IPEndPoint(IPAddress.Loopback, 0));
            try
            {
                tunnel = new WireGuardTunnel(WireGuardKeyPair.Generate(), EmbeddedOverlay, socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var pair = new EmbeddedWireGuardPair(host, tunnel);
            tunnel.AddPeer(new WireGuardPeerConfig
            {
                PublicKey = host.Keys.PublicKey,
                Endpoint = new IPEndPoint(IPAddress.Loopback, host.ListenPort),
                OverlayAddress = host.OverlayAddress,
            });
            if (programWireGuardGo)
            {
                await host.Client.AddOrUpdatePeerAsync(pair.EmbeddedAsUapiPeer);
            }
            return pair;
        }
        catch
        {
            tunnel?.Dispose();
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
            throw new XunitException(
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
