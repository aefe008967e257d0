using OctoMesh.Relay.V1;
using Xunit.Abstractions;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>Links forming and carrying messages between real Kestrel hosts over real gRPC and mutual TLS.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class MeshLinkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = MeshCluster.EventTimeout;

    [Fact]
    public async Task Two_bridges_form_exactly_one_link_and_messages_flow_both_ways()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("a-frankfurt");
        var b = await cluster.StartAsync("b-virginia");

        MeshCluster.Register(a, b);

        var bSeenByA = await a.Handler.WaitForPeerUpAsync(b.Id, Timeout);
        var aSeenByB = await b.Handler.WaitForPeerUpAsync(a.Id, Timeout);
        Assert.Equal("region-b-virginia", bSeenByA.Hello!.Region);
        Assert.Equal(b.Identity.RelayEndpoint, bSeenByA.Hello.RelayEndpoint);
        Assert.Equal(b.Identity.OverlayAddress, bSeenByA.Hello.OverlayAddress);
        Assert.Equal(b.Identity.WireGuardPublicKey.ToArray(), bSeenByA.Hello.WireguardPublicKey.ToByteArray());
        Assert.Equal("test-1", aSeenByB.Hello!.Version);

        a.Node.Send(b.Id, new LinkMessage { Subscribe = new Subscribe { ConferenceId = 7, EndpointId = "alice", Ssrc = 1234 } });
        b.Node.Send(a.Id, new LinkMessage { KeyframeRequest = new KeyframeRequest { ConferenceId = 7, Ssrc = 1234 } });
        b.Node.Send(a.Id, new LinkMessage { Nack = new Nack { ConferenceId = 7, Ssrc = 1234, SequenceNumbers = { 10, 11, 65535 } } });

        var subscribe = await b.Handler.WaitForAsync(e => e.Message?.Subscribe is not null, "the Subscribe on b", Timeout);
        Assert.Equal(a.Id, subscribe.PeerId);
        Assert.Equal(1234u, subscribe.Message!.Subscribe.Ssrc);
        var keyframe = await a.Handler.WaitForAsync(e => e.Message?.KeyframeRequest is not null, "the KeyframeRequest on a", Timeout);
        Assert.Equal(b.Id, keyframe.PeerId);
        var nack = await a.Handler.WaitForAsync(e => e.Message?.Nack is not null, "the Nack on a", Timeout);
        Assert.Equal([10u, 11u, 65535u], nack.Message!.Nack.SequenceNumbers);

        // Exactly one link for the pair: each side counted one establishment and nothing was refused.
        Assert.Equal(1, a.Node.Counters.LinksEstablished);
        Assert.Equal(1, b.Node.Counters.LinksEstablished);
        Assert.Equal(1, a.Node.Counters.LinksUp);
        Assert.Equal(0, a.Node.Counters.HellosRejected + b.Node.Counters.HellosRejected);
        Assert.Equal([b.Id], a.Node.ConnectedPeers);
        Assert.Equal([a.Id], b.Node.ConnectedPeers);
        Assert.True(a.Node.Counters.MessagesOut >= 2, "a wrote its Hello and the Subscribe");
        Assert.True(b.Node.Counters.MessagesIn >= 2, "b read a's Hello and the Subscribe");
    }

    [Fact]
    public async Task Three_bridges_form_a_full_mesh_with_one_link_per_pair()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("eu-central");
        var b = await cluster.StartAsync("us-east");
        var c = await cluster.StartAsync("ap-southeast");

        MeshCluster.Register(a, b, c);

        foreach (var node in cluster.Nodes)
        {
            foreach (var other in cluster.Nodes.Where(n => n != node))
            {
                await node.Handler.WaitForPeerUpAsync(other.Id, Timeout);
            }
        }
        foreach (var node in cluster.Nodes)
        {
            node.Node.Broadcast(new LinkMessage { Stress = new Stress { Value = node.Id.Length / 100.0 } });
        }
        foreach (var node in cluster.Nodes)
        {
            foreach (var other in cluster.Nodes.Where(n => n != node))
            {
                var stress = await node.Handler.WaitForAsync(
                    e => e.PeerId == other.Id && e.Message?.Stress is not null, $"{other.Id}'s Stress on {node.Id}", Timeout);
                Assert.Equal(other.Id.Length / 100.0, stress.Message!.Stress.Value);
            }
        }

        // Three pairs, each link counted once on each side; nobody dialed twice or got refused.
        Assert.All(cluster.Nodes, node => Assert.Equal(2, node.Node.Counters.LinksEstablished));
        Assert.All(cluster.Nodes, node => Assert.Equal(0, node.Node.Counters.HellosRejected));
        Assert.All(cluster.Nodes, node => Assert.Equal(1, node.Handler.Count(MeshEventKind.PeerUp, cluster.Nodes.First(n => n != node).Id)));
    }

    [Fact]
    public async Task Removing_a_peer_from_discovery_closes_its_link_and_it_cannot_link_again()
    {
        await using var cluster = new MeshCluster(output);
        var dialer = await cluster.StartAsync("m1");
        var acceptor = await cluster.StartAsync("m2");
        MeshCluster.Register(dialer, acceptor);
        await acceptor.Handler.WaitForPeerUpAsync(dialer.Id, Timeout);
        await dialer.Handler.WaitForPeerUpAsync(acceptor.Id, Timeout);

        acceptor.Node.UpdatePeers([acceptor.Peer]);

        var down = await acceptor.Handler.WaitForPeerDownAsync(dialer.Id, Timeout);
        Assert.Contains("removed from discovery", down.Reason);
        await dialer.Handler.WaitForPeerDownAsync(acceptor.Id, Timeout);
        // The dialer still has the acceptor registered and redials: its certificate is now refused.
        await MeshCluster.EventuallyAsync(
            () => acceptor.Node.Counters.CertificatesRejected >= 2 && dialer.Node.Counters.DialFailures >= 2,
            "the acceptor refused the unregistered dialer's certificate");
        Assert.Empty(acceptor.Node.ConnectedPeers);
        Assert.Equal(1, acceptor.Handler.Count(MeshEventKind.PeerUp, dialer.Id));
        Assert.Equal(1, dialer.Handler.Count(MeshEventKind.PeerUp, acceptor.Id));
    }

    [Fact]
    public async Task Send_to_a_peer_without_a_link_returns_false_and_is_counted()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("solo");

        Assert.False(a.Node.Send("nobody", new LinkMessage { Stress = new Stress { Value = 1 } }));
        a.Node.Broadcast(new LinkMessage { Stress = new Stress { Value = 1 } });

        Assert.Equal(1, a.Node.Counters.MessagesDropped);
    }

    [Fact]
    public async Task Discovery_entries_without_TLS_or_a_valid_pin_are_ignored()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");

        a.Node.UpdatePeers([
            b.Peer with { GrpcEndpoint = new Uri(b.Peer.GrpcEndpoint.ToString().Replace("https:", "http:")) },
            b.Peer with { BridgeId = "c", TlsCertificateSha256 = "AB:CD" },
        ]);
        b.Node.UpdatePeers([a.Peer]);
        // Now the valid entry: the link forms, proving the ignored ones left no state behind.
        a.Node.UpdatePeers([b.Peer]);

        await a.Handler.WaitForPeerUpAsync(b.Id, Timeout);
        Assert.Equal([b.Id], a.Node.ConnectedPeers);
        Assert.Equal(0, a.Node.Counters.DialFailures);
    }

    [Fact]
    public async Task An_idle_link_carrying_only_heartbeats_stays_up_past_Kestrels_minimum_data_rate_grace_period()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        MeshCluster.Register(a, b);
        await b.Handler.WaitForPeerUpAsync(a.Id, Timeout);
        var options = MeshCluster.FastOptions();
        // Kestrel's MinRequestBodyDataRate: 240 B/s with a 5 s grace period; heartbeats send far less.
        var heartbeatsPastGrace = (int)(TimeSpan.FromSeconds(6.5) / options.HeartbeatInterval);

        await MeshCluster.EventuallyAsync(
            () => b.Node.Counters.MessagesIn >= heartbeatsPastGrace, $"b received {heartbeatsPastGrace} heartbeats");

        Assert.Equal(0, b.Handler.Count(MeshEventKind.PeerDown, a.Id));
        Assert.Equal(0, a.Handler.Count(MeshEventKind.PeerDown, b.Id));
        Assert.Equal(1, b.Node.Counters.LinksUp);
    }
}
