using System.Diagnostics;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Faults": every relay datagram between the bridges crosses a <see cref="RelayForwarder"/>
/// (the bridges register its addresses as their relay endpoints); it drops everything for 10 s, and
/// the relay must carry media again afterwards without any bridge restarting.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayOutageTests(ITestOutputHelper output)
{
    private const string Room = "outage";
    private const int PacketsBefore = 100;
    private const int PacketsAfter = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Dropping_every_relay_datagram_for_10_s_recovers_without_a_restart()
    {
        await using var forwarder = new RelayForwarder();
        await using var mesh = await TestMesh.StartAsync(Deadline, forwarder);
        var origin = mesh["eu-central"];
        var edge = mesh["us-east"];

        await using var publisher = await HeadlessSession.PublishAsync(origin, Room);
        await using var media = new SyntheticPublisher(publisher.Client);
        await Eventually.Until(
            async () => (await edge.GetStatsAsync()).Publishers == 1,
            Deadline, "us-east to mirror the eu-central publisher",
            async () => $"us-east {await edge.DescribeStatsAsync()}; {mesh.DescribeLinks()}");
        await using var viewer = await HeadlessSession.PlayAsync(edge, Room);
        var player = new RecordingPlayer(viewer.Client);
        await Eventually.Until(
            () => Task.FromResult(player.Packets.Count >= PacketsBefore),
            Deadline, $"the us-east viewer to receive {PacketsBefore} packets relayed from eu-central",
            () => Task.FromResult($"viewer {player.Packets.Count} packets, forwarder passed {forwarder.Forwarded}; {mesh.DescribeLinks()}"));
        Assert.True(forwarder.Forwarded >= PacketsBefore,
            $"The forwarder passed only {forwarder.Forwarded} datagrams while the viewer received {player.Packets.Count} packets: the relay bypasses it.");

        // The outage: nothing between the relay sockets in either direction. After the packets already
        // in flight, the viewer must get nothing (else the drop does not cover the relay).
        forwarder.Dropping = true;
        var outage = Stopwatch.StartNew();
        await Eventually.Until(() => Task.FromResult(outage.Elapsed >= InFlightGrace), Deadline, "the packets in flight to arrive");
        var atOutageStart = player.Packets.Count;
        await Eventually.Until(
            () =>
            {
                if (player.Packets.Count > atOutageStart)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"The viewer received {player.Packets.Count - atOutageStart} packets while every relay datagram was dropped: the relay bypasses the forwarder.");
                }

                return Task.FromResult(outage.Elapsed >= Outage);
            },
            Outage + Deadline, $"{Outage.TotalSeconds:0} s of dropping every relay datagram");
        output.WriteLine($"Dropped {forwarder.Dropped} datagrams in {outage.Elapsed.TotalSeconds:0.0} s; links during the outage: {string.Join("; ", mesh.Bridges.Keys.Select(id => $"{id}->[{string.Join(",", mesh.Node(id).ConnectedPeers)}]"))}");

        // Back to normal: media flows again, with the same bridges, links and sessions.
        forwarder.Dropping = false;
        var atOutageEnd = player.Packets.Count;
        var recovery = await Eventually.Until(
            () => Task.FromResult(player.Packets.Count >= atOutageEnd + PacketsAfter),
            RecoveryBudget,
            $"the us-east viewer to receive {PacketsAfter} more packets once the relay datagrams pass again",
            () => Task.FromResult(
                $"viewer {player.Packets.Count} packets ({atOutageEnd} at the end of the outage); " +
                $"eu-central WireGuard: {Describe(mesh, "eu-central")}; us-east WireGuard: {Describe(mesh, "us-east")}; {mesh.DescribeLinks()}"));
        output.WriteLine($"Relay recovered {recovery.TotalMilliseconds:0} ms after the outage ended (the viewer had {PacketsAfter} new packets); " +
                         $"eu-central WireGuard: {Describe(mesh, "eu-central")}");
        await mesh.WaitForLinksAsync(Deadline);
    }

    internal static string Describe(TestMesh mesh, string id)
    {
        var counters = mesh.Tunnel(id).Counters;
        return $"handshakes {counters.HandshakesCompleted}, initiations sent {counters.HandshakeInitiationsSent}, " +
               $"packets in {counters.PacketsIn} out {counters.PacketsOut}, queue drops {counters.QueueDrops}, replays {counters.ReplaysRejected}";
    }
}
