using System.Net;
using System.Net.Sockets;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;
using OctoMesh.Relay.WireGuard;
using Xunit.Abstractions;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Faults": replayed WireGuard packets are rejected and counted, and a bridge whose keys
/// the registry does not hold can neither link over gRPC nor get a WireGuard handshake answered.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class MeshAdmissionTests(ITestOutputHelper output)
{
    private const byte HandshakeInitiation = 1;
    private const byte TransportData = 4;
    private const int Replays = 5;
    private static readonly TimeSpan Deadline = Eventually.Patience;

    /// <summary>WireGuard retransmits an unanswered initiation after Rekey-Timeout (whitepaper §6.1): 5 s.</summary>
    private static readonly TimeSpan RekeyTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Replayed_WireGuard_messages_are_rejected_counted_and_do_not_move_the_peer()
    {
        await using var forwarder = new RelayForwarder();
        await using var mesh = await TestMesh.StartAsync(Deadline, forwarder);
        var origin = mesh["eu-central"];
        var edge = mesh["us-east"];

        await using var publisher = await HeadlessSession.PublishAsync(origin, "replay");
        await using var media = new SyntheticPublisher(publisher.Client);
        await Eventually.Until(async () => (await edge.GetStatsAsync()).Publishers == 1, Deadline, "us-east to mirror the eu-central publisher",
            async () => $"us-east {await edge.DescribeStatsAsync()}; {mesh.DescribeLinks()}");
        await using var viewer = await HeadlessSession.PlayAsync(edge, "replay");
        var player = new RecordingPlayer(viewer.Client);
        await Eventually.Until(() => Task.FromResult(player.Packets.Count >= 50), Deadline, "the us-east viewer to receive relayed media",
            () => Task.FromResult($"viewer {player.Packets.Count} packets; {mesh.DescribeLinks()}"));

        var transport = forwarder.LastMessageTo("us-east", TransportData)
            ?? throw new Xunit.Sdk.XunitException("No WireGuard transport message crossed the forwarder toward us-east.");
        var initiation = forwarder.LastMessageTo("us-east", HandshakeInitiation)
            ?? forwarder.LastMessageTo("eu-central", HandshakeInitiation)
            ?? throw new Xunit.Sdk.XunitException("No WireGuard handshake initiation crossed the forwarder.");
        var initiationTarget = forwarder.LastMessageTo("us-east", HandshakeInitiation) is not null ? "us-east" : "eu-central";

        var tunnel = mesh.Tunnel("us-east");
        var euCentralKey = mesh.Tunnel("eu-central").PublicKey;
        var peerEndpointBefore = tunnel.GetPeerEndpoint(euCentralKey);
        var replaysBefore = tunnel.Counters.ReplaysRejected;
        var initiationReplaysBefore = mesh.Tunnel(initiationTarget).Counters.ReplayedInitiations;
        var metricBefore = await PrometheusText.ReadAsync(edge, "octomesh_wireguard_replays_total", ("message", "transport"));

        // An attacker on the path resends what it saw, straight to the bridges' relay sockets.
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < Replays; i++)
        {
            attacker.SendTo(transport, tunnel.LocalEndPoint);
        }

        attacker.SendTo(initiation, mesh.Tunnel(initiationTarget).LocalEndPoint);

        await Eventually.Until(
            () => Task.FromResult(tunnel.Counters.ReplaysRejected >= replaysBefore + Replays),
            Deadline, $"us-east's tunnel to reject the {Replays} replayed transport messages as replays",
            () => Task.FromResult($"replays rejected {tunnel.Counters.ReplaysRejected} (was {replaysBefore}); {RelayOutageTests.Describe(mesh, "us-east")}"));
        await Eventually.Until(
            async () => await PrometheusText.ReadAsync(edge, "octomesh_wireguard_replays_total", ("message", "transport")) >= metricBefore + Replays,
            Deadline, "us-east's /metrics octomesh_wireguard_replays_total{message=\"transport\"} to count the replays",
            async () => await edge.Http.GetStringAsync("metrics"));
        await Eventually.Until(
            () => Task.FromResult(mesh.Tunnel(initiationTarget).Counters.ReplayedInitiations > initiationReplaysBefore),
            Deadline, $"{initiationTarget}'s tunnel to reject the replayed handshake initiation (TAI64N not newer)",
            () => Task.FromResult($"replayed initiations {mesh.Tunnel(initiationTarget).Counters.ReplayedInitiations}"));

        // A replay authenticates but must not count as the peer's latest packet: no roaming to the attacker.
        Assert.Equal(peerEndpointBefore, tunnel.GetPeerEndpoint(euCentralKey));
        output.WriteLine($"us-east rejected {tunnel.Counters.ReplaysRejected - replaysBefore} replayed transport messages; " +
                         $"{initiationTarget} rejected {mesh.Tunnel(initiationTarget).Counters.ReplayedInitiations - initiationReplaysBefore} replayed initiation(s).");

        // The session survives the attack.
        var before = player.Packets.Count;
        await Eventually.Until(() => Task.FromResult(player.Packets.Count >= before + 50), Deadline, "relayed media to keep flowing after the replays");
    }

    [Fact]
    public async Task A_bridge_with_unregistered_keys_can_neither_link_nor_get_a_handshake_answered()
    {
        await using var mesh = await TestMesh.StartAsync(Deadline);
        var target = mesh.Registrations.Single(r => r.Id == "eu-central");
        var targetNode = mesh.Node("eu-central");
        var targetTunnel = mesh.Tunnel("eu-central");

        // gRPC: it claims to be ap-southeast (whose id makes it the dialing side) but has its own certificate.
        var rejectedBefore = targetNode.Counters.CertificatesRejected;
        var handler = new RecordingHandler();
        var rogueKeys = WireGuardKeyPair.Generate();
        await using (var rogue = new MeshNode(
            MeshIdentity.Generate("ap-southeast", "ap-southeast", BridgeVersion.Current, "127.0.0.1:9", WireGuardKeyPair.DecodeKey(rogueKeys.PublicKey), "10.99.0.3"),
            new OctoMesh.Relay.Links.MeshOptions(), handler))
        {
            rogue.UpdatePeers([new MeshPeer(target.Id, target.Region, target.GrpcEndpoint, target.TlsCertificateSha256,
                target.RelayEndpoint, target.WireGuardPublicKey, target.OverlayAddress!)]);
            await Eventually.Until(
                () => Task.FromResult(rogue.Counters.DialFailures >= 2 && targetNode.Counters.CertificatesRejected >= rejectedBefore + 2),
                Deadline, "eu-central to refuse two dials from a bridge whose certificate is not registered",
                () => Task.FromResult($"rogue dial failures {rogue.Counters.DialFailures}, links {rogue.Counters.LinksEstablished}; " +
                                      $"eu-central certificates rejected {targetNode.Counters.CertificatesRejected} (was {rejectedBefore})"));
            Assert.Empty(rogue.ConnectedPeers);
            Assert.Equal(0, rogue.Counters.LinksEstablished);
            Assert.Equal(0, handler.PeersUp);
        }

        // The real ap-southeast keeps its link: an impostor does not displace it.
        Assert.Contains("ap-southeast", targetNode.ConnectedPeers);

        // WireGuard: a fresh key sends initiations to eu-central's relay socket. None is answered, each is counted.
        var unknownBefore = targetTunnel.Counters.InitiationsFromUnknownKeys;
        using var rogueTunnel = new WireGuardTunnel(rogueKeys, IPAddress.Parse("10.99.0.3"), new IPEndPoint(IPAddress.Loopback, 0));
        rogueTunnel.AddPeer(new WireGuardPeerConfig
        {
            PublicKey = target.WireGuardPublicKey,
            Endpoint = targetTunnel.LocalEndPoint,
            OverlayAddress = IPAddress.Parse(target.OverlayAddress!),
        });
        var waited = await Eventually.Until(
            () =>
            {
                // Data to send keeps the handshake wanted; the tunnel paces the initiations itself.
                rogueTunnel.SendDatagram(IPAddress.Parse(target.OverlayAddress!), RelayDataPlane.OverlayPort, RelayDataPlane.OverlayPort, "hello"u8);
                return Task.FromResult(rogueTunnel.Counters.HandshakeInitiationsSent >= 2
                    && targetTunnel.Counters.InitiationsFromUnknownKeys >= unknownBefore + 2);
            },
            RekeyTimeout + Deadline,
            "a second initiation from the unknown key (the first went unanswered for Rekey-Timeout) and eu-central counting both",
            () => Task.FromResult($"rogue sent {rogueTunnel.Counters.HandshakeInitiationsSent} initiations; eu-central counted " +
                                  $"{targetTunnel.Counters.InitiationsFromUnknownKeys - unknownBefore} from unknown keys"));

        var heard = rogueTunnel.Counters;
        Assert.True(heard.HandshakesCompleted == 0 && heard.CookieRepliesReceived == 0 && heard.PacketsIn == 0 && heard.KeepalivesReceived == 0
                    && heard.InvalidMessages == 0 && heard.UnknownIndex == 0 && heard.InvalidMac1 == 0 && heard.DecryptFailures == 0,
            $"eu-central answered an unknown key: handshakes {heard.HandshakesCompleted}, cookie replies {heard.CookieRepliesReceived}, " +
            $"packets {heard.PacketsIn}, invalid {heard.InvalidMessages}, unknown index {heard.UnknownIndex}.");
        var metric = await PrometheusText.ReadAsync(mesh["eu-central"], "octomesh_wireguard_unknown_key_initiations_total");
        Assert.True(metric >= unknownBefore + 2, $"/metrics octomesh_wireguard_unknown_key_initiations_total is {metric}, expected at least {unknownBefore + 2}.");
        output.WriteLine($"No answer to {rogueTunnel.Counters.HandshakeInitiationsSent} initiations from an unknown key in {waited.TotalSeconds:0.0} s; " +
                         $"eu-central refused {targetNode.Counters.CertificatesRejected - rejectedBefore} TLS handshakes from an unregistered certificate.");
    }

    private sealed class RecordingHandler : IMeshHandler
    {
        private int _peersUp;

        public int PeersUp => Volatile.Read(ref _peersUp);

        public void OnPeerUp(string peerId, Hello hello) => Interlocked.Increment(ref _peersUp);

        public void OnPeerDown(string peerId, string reason)
        {
        }

        public void OnMessage(string peerId, LinkMessage message)
        {
        }
    }
}
