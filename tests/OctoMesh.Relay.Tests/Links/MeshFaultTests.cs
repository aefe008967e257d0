using OctoMesh.Relay.Links;
using Xunit.Abstractions;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>Refused bridges, stopped and silent bridges, restarts: the mesh's fault behaviour over real sockets.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class MeshFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = MeshCluster.EventTimeout;

    [Fact]
    public async Task A_bridge_that_is_not_registered_cannot_link()
    {
        await using var cluster = new MeshCluster(output);
        var registered = await cluster.StartAsync("b-registered");
        var intruder = await cluster.StartAsync("a-intruder"); // ordinally smaller: it is the one that dials
        registered.Node.UpdatePeers([registered.Peer]);
        intruder.Node.UpdatePeers([intruder.Peer, registered.Peer]);

        await MeshCluster.EventuallyAsync(
            () => registered.Node.Counters.CertificatesRejected >= 2 && intruder.Node.Counters.DialFailures >= 2,
            "the registered bridge refused the intruder's certificate (twice: it keeps redialing)");

        Assert.Empty(registered.Handler.Events);
        Assert.Empty(intruder.Handler.Events);
        Assert.Equal(0, registered.Node.Counters.LinksEstablished);
        Assert.Equal(0, intruder.Node.Counters.LinksEstablished);
        Assert.True(intruder.Node.Counters.Reconnects >= 1);
    }

    [Fact]
    public async Task A_registered_certificate_with_another_bridge_id_in_its_hello_is_refused()
    {
        await using var cluster = new MeshCluster(output);
        var honest = await cluster.StartAsync("h-honest");
        // Registered under "a-registered", but its Hello claims to be "a-impostor".
        var impostor = await cluster.StartAsync(MeshTestNode.NewIdentity("a-impostor"));
        honest.Node.UpdatePeers([honest.Peer, impostor.Peer with { BridgeId = "a-registered" }]);
        impostor.Node.UpdatePeers([impostor.Peer, honest.Peer]);

        await MeshCluster.EventuallyAsync(
            () => honest.Node.Counters.HellosRejected >= 1 && impostor.Node.Counters.DialFailures >= 1,
            "the honest bridge refused the impostor's hello");

        Assert.Empty(honest.Handler.Events);
        Assert.Empty(impostor.Handler.Events);
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_the_pinned_one_is_not_linked_to()
    {
        await using var cluster = new MeshCluster(output);
        var dialer = await cluster.StartAsync("a-dialer");
        var server = await cluster.StartAsync("b-server");
        server.Node.UpdatePeers([server.Peer, dialer.Peer]);
        var wrongPin = MeshTestNode.NewIdentity("someone-else");
        dialer.Node.UpdatePeers([dialer.Peer, server.Peer with { TlsCertificateSha256 = wrongPin.CertificateSha256 }]);
        wrongPin.Dispose();

        await MeshCluster.EventuallyAsync(() => dialer.Node.Counters.DialFailures >= 2, "the dialer gave up on the unpinned server twice");

        Assert.Empty(dialer.Handler.Events);
        Assert.Empty(server.Handler.Events);
    }

    [Fact]
    public async Task A_stopped_bridge_is_reported_down_by_the_others_and_a_restarted_one_relinks()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("eu-central");
        var b = await cluster.StartAsync("us-east");
        var c = await cluster.StartAsync("ap-southeast");
        MeshCluster.Register(a, b, c);
        await a.Handler.WaitForPeerUpAsync(b.Id, Timeout);
        await c.Handler.WaitForPeerUpAsync(b.Id, Timeout);
        await a.Handler.WaitForPeerUpAsync(c.Id, Timeout);

        var stopping = b.StopAsync();
        await a.Handler.WaitForPeerDownAsync(b.Id, Timeout);
        await c.Handler.WaitForPeerDownAsync(b.Id, Timeout);
        await stopping;

        Assert.Equal([c.Id], a.Node.ConnectedPeers);
        Assert.Equal([a.Id], c.Node.ConnectedPeers);

        // The restarted process has a new certificate and port; discovery publishes them.
        var restarted = await cluster.StartAsync("us-east");
        MeshCluster.Register(a, restarted, c);

        await a.Handler.WaitForPeerUpAsync(restarted.Id, Timeout, occurrence: 2);
        await c.Handler.WaitForPeerUpAsync(restarted.Id, Timeout, occurrence: 2);
        await restarted.Handler.WaitForPeerUpAsync(a.Id, Timeout);
        await restarted.Handler.WaitForPeerUpAsync(c.Id, Timeout);
        // The a-c link was never disturbed.
        Assert.Equal(1, a.Handler.Count(MeshEventKind.PeerUp, c.Id));
        Assert.Equal(0, a.Handler.Count(MeshEventKind.PeerDown, c.Id));
    }

    [Fact]
    public async Task A_silent_bridge_is_dropped_for_its_missed_heartbeats_and_redialed_while_registered()
    {
        await using var cluster = new MeshCluster(output);
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        MeshCluster.Register(a, b);
        await a.Handler.WaitForPeerUpAsync(b.Id, Timeout);
        await b.Handler.WaitForPeerUpAsync(a.Id, Timeout);

        b.Node.HeartbeatsPaused = true; // b's process hangs: its TCP connection stays open, nothing arrives
        var down = await a.Handler.WaitForPeerDownAsync(b.Id, Timeout);

        // When exactly the deadline closes a link is checked in virtual time (MeshLinkDeadlineTests).
        Assert.Contains("heartbeat deadline", down.Reason);
        Assert.True(a.Node.Counters.HeartbeatsMissed >= 1);

        b.Node.HeartbeatsPaused = false;
        await a.Handler.WaitForPeerUpAsync(b.Id, Timeout, occurrence: 2);
        await b.Handler.WaitForPeerUpAsync(a.Id, Timeout, occurrence: 2);
        Assert.True(a.Node.Counters.Reconnects >= 1, "a (the dialer) redialed b");
    }
}
