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
[Trait(Tier.Name, Tier.Functional)]
public sealed class RelayOutageTests(ITestOutputHelper output)
{
    private const string Room = "outage";
    private const int PacketsBefore = 100;
    private const int PacketsAfter = 100;
    private static readonly TimeSpan Deadline = Eventually.Patience;

    // The stimulus: how long the forwarder drops everything. A real delay produces it; nothing is timed against it.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    // The packets already past the forwarder when it starts dropping have arrived once the viewer's count and the
    // forwarder's have both held still for this many polls in a row.
    private const int SettledPolls = 10;
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(100);

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

        // The outage: nothing between the relay sockets in either direction. Once the packets already in flight
        // have arrived, the viewer must get nothing (else the drop does not cover the relay).
        forwarder.Dropping = true;
        var settle = new Settled(() => (player.Packets.Count, forwarder.Forwarded), SettledPolls);
        await Eventually.Until(settle.Holds, Deadline,
            $"the packets in flight to arrive: the viewer's packet count and the forwarder's forwarded count to hold still for {SettledPolls} polls",
            () => $"viewer {player.Packets.Count} packets, forwarder passed {forwarder.Forwarded}, dropped {forwarder.Dropped}",
            SettlePollInterval);
        var atOutageStart = player.Packets.Count;
        var droppedAtStart = forwarder.Dropped;
        var outage = Task.Delay(Outage);
        await Eventually.Until(
            () =>
            {
                if (player.Packets.Count > atOutageStart)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"The viewer received {player.Packets.Count - atOutageStart} packets while every relay datagram was dropped: the relay bypasses the forwarder.");
                }

                return outage.IsCompleted;
            },
            Outage + Deadline, $"{Outage.TotalSeconds:0} s of dropping every relay datagram");
        Assert.True(forwarder.Dropped > droppedAtStart, "The forwarder dropped nothing during the outage: no relay datagram was sent to it.");
        output.WriteLine($"Dropped {forwarder.Dropped} datagrams; links during the outage: {string.Join("; ", mesh.Bridges.Keys.Select(id => $"{id}->[{string.Join(",", mesh.Node(id).ConnectedPeers)}]"))}");

        // Back to normal: media flows again, with the same bridges, links and sessions.
        forwarder.Dropping = false;
        var atOutageEnd = player.Packets.Count;
        var recovery = await Eventually.Until(
            () => Task.FromResult(player.Packets.Count >= atOutageEnd + PacketsAfter),
            Deadline,
            $"the us-east viewer to receive {PacketsAfter} more packets once the relay datagrams pass again",
            () => Task.FromResult(
                $"viewer {player.Packets.Count} packets ({atOutageEnd} at the end of the outage); " +
                $"eu-central WireGuard: {Describe(mesh, "eu-central")}; us-east WireGuard: {Describe(mesh, "us-east")}; {mesh.DescribeLinks()}"));
        output.WriteLine($"Relay recovered {recovery.TotalMilliseconds:0} ms after the outage ended (the viewer had {PacketsAfter} new packets); " +
                         $"eu-central WireGuard: {Describe(mesh, "eu-central")}");
        await mesh.WaitForLinksAsync(Deadline);
    }

    /// <summary>A condition for <see cref="Eventually"/>: true once what it reads has been the same for that many evaluations in a row.</summary>
    private sealed class Settled
    {
        private readonly Func<(int, long)> _read;
        private readonly int _polls;
        private (int, long) _last;
        private int _unchanged;

        public Settled(Func<(int, long)> read, int polls)
        {
            _read = read;
            _polls = polls;
            _last = read();
        }

        public bool Holds()
        {
            var now = _read();
            _unchanged = now == _last ? _unchanged + 1 : 0;
            _last = now;
            return _unchanged >= _polls;
        }
    }

    internal static string Describe(TestMesh mesh, string id)
    {
        var counters = mesh.Tunnel(id).Counters;
        return $"handshakes {counters.HandshakesCompleted}, initiations sent {counters.HandshakeInitiationsSent}, " +
               $"packets in {counters.PacketsIn} out {counters.PacketsOut}, queue drops {counters.QueueDrops}, replays {counters.ReplaysRejected}";
    }
}
