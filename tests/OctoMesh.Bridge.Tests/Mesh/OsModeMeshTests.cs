using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;
using OctoMesh.Geo.Discovery;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.WireGuard;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.WireGuard;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, item 5: a bridge with embedded WireGuard (eu-central, 10.99.0.1) and a bridge in os mode
/// (us-east, 10.99.0.2, on a wireguard-go interface it programs through the UAPI) carry a room between
/// them. Both relay sockets live in a network namespace made for the test, so relay traffic never
/// leaves it; HTTP and gRPC stay on the host's loopback.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OsModeMeshTests
{
    private const string Room = "os-mode";
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task An_embedded_bridge_and_an_os_mode_bridge_on_wireguard_go_carry_a_room()
    {
        await using var wireGuardGo = await WireGuardGoNamespace.StartAsync("10.99.0.2/24");
        var registry = new InProcessBridgeList();

        await using var origin = await BridgeServer.StartAsync(
            Arguments("eu-central"),
            services =>
            {
                DemoMesh.UseRegistry(registry)(services);
                services.AddSingleton<IRelayTransport>(_ => new EmbeddedRelayTransport(new WireGuardTunnel(
                    WireGuardKeyPair.Generate(), IPAddress.Parse("10.99.0.1"),
                    wireGuardGo.Namespace.CreateUdpSocket(new IPEndPoint(IPAddress.Loopback, 0)))));
            });
        await using var edge = await BridgeServer.StartAsync(
            [.. Arguments("us-east"), "--wireguard-mode", "os", "--wireguard-interface", wireGuardGo.Device.InterfaceName],
            services =>
            {
                DemoMesh.UseRegistry(registry)(services);
                services.AddSingleton<IRelayTransport>(sp => OsRelayTransport.StartAsync(
                    new OsWireGuardInterface(wireGuardGo.Device.InterfaceName, wireGuardGo.Client),
                    WireGuardKeyPair.Generate(), wireGuardGo.OverlayAddress, IPAddress.Loopback, listenPort: 0,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<OsRelayTransport>(),
                    wireGuardGo.CreateOverlaySocket(RelayDataPlane.OverlayPort)).GetAwaiter().GetResult());
            });

        await Eventually.Until(
            () => Task.FromResult(Linked(origin) && Linked(edge)),
            Deadline,
            "eu-central and us-east to link",
            () => Task.FromResult($"eu-central log {origin.Log}; us-east log {edge.Log}"));

        await using var publisher = await HeadlessSession.PublishAsync(origin, Room);
        await using var media = new SyntheticPublisher(publisher.Client);
        await Eventually.Until(
            async () => (await edge.GetStatsAsync()).Publishers == 1,
            Deadline,
            "us-east (os mode) to mirror the eu-central publisher",
            async () => $"eu-central {await origin.DescribeStatsAsync()}, us-east {await edge.DescribeStatsAsync()}; us-east log {edge.Log}");

        await using var viewer = await HeadlessSession.PlayAsync(edge, Room);
        var player = new RecordingPlayer(viewer.Client);
        await Eventually.Until(
            () => Task.FromResult(player.Packets.Count >= 100),
            Deadline,
            "the us-east viewer to receive 100 packets relayed from eu-central through wireguard-go",
            async () => $"received {player.Packets.Count}; wg show: {await wireGuardGo.WgShowAsync("transfer")}; wireguard-go log {wireGuardGo.Device.Log}; us-east log {edge.Log}");

        var arrived = await PrometheusText.ReadAsync(edge, "octomesh_relay_packets_total", ("peer", "eu-central"), ("direction", "in"), ("kind", "rtp"));
        Assert.True(arrived >= 100, $"us-east counted {arrived} relayed RTP packets from eu-central.");
        var peer = Assert.Single((await wireGuardGo.Client.GetDeviceAsync()).Peers);
        Assert.Equal(origin.Services.GetRequiredService<IRelayTransport>().PublicKey, peer.PublicKey);
        Assert.True(peer.ReceivedBytes > 100 * 100, $"wireguard-go received only {peer.ReceivedBytes} bytes from eu-central.");
    }

    private static string[] Arguments(string id) => DemoBridge.Defaults.Single(b => b.Id == id).ToArguments(freePorts: true);

    private static bool Linked(BridgeServer bridge) => bridge.Services.GetRequiredService<MeshNode>().ConnectedPeers.Count == 1;
}
