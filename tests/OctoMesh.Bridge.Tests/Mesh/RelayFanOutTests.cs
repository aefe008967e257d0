using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Fan-out at the edge": one publisher on eu-central, five viewers on us-east. Each packet
/// crosses the relay once; us-east fans it out to its own viewers.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class RelayFanOutTests
{
    private const string Room = "fan-out";
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Five_viewers_on_one_bridge_cost_the_relay_one_copy_of_each_packet()
    {
        await using var mesh = await TestMesh.StartAsync(Deadline);
        var origin = mesh["eu-central"];
        var edge = mesh["us-east"];

        await using var publisher = await HeadlessSession.PublishAsync(origin, Room);
        await using var media = new SyntheticPublisher(publisher.Client);

        // The announcement reaches us-east: its WHEP then finds the publisher.
        await Eventually.Until(
            async () => (await edge.GetStatsAsync()).Publishers == 1,
            Deadline,
            "us-east to mirror the eu-central publisher",
            async () => $"eu-central {await origin.DescribeStatsAsync()}, us-east {await edge.DescribeStatsAsync()}; us-east log {edge.Log}");

        var viewers = new List<(HeadlessSession Session, RecordingPlayer Player)>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var session = await HeadlessSession.PlayAsync(edge, Room);
                viewers.Add((session, new RecordingPlayer(session.Client)));
            }

            await Eventually.Until(
                () => Task.FromResult(viewers.All(v => v.Player.Packets.Count >= 100)),
                Deadline,
                "all five us-east viewers to receive at least 100 packets relayed from eu-central",
                () => Task.FromResult(string.Join(", ", viewers.Select(v => v.Player.Packets.Count))));

            var relayed = await PrometheusText.ReadAsync(origin, "octomesh_relay_packets_total", ("peer", "us-east"), ("direction", "out"), ("kind", "rtp"));
            var arrived = await PrometheusText.ReadAsync(edge, "octomesh_relay_packets_total", ("peer", "eu-central"), ("direction", "in"), ("kind", "rtp"));
            var published = media.Sent.Count;
            var mostReceived = viewers.Max(v => v.Player.Packets.Count);

            // Once per packet, not once per viewer: never more than the publisher sent, and at least what any one viewer got.
            Assert.True(relayed <= published, $"eu-central relayed {relayed} RTP packets to us-east but the publisher sent only {published}: the relay copies per viewer.");
            Assert.True(relayed >= mostReceived * 0.9, $"eu-central relayed {relayed} RTP packets, fewer than a single viewer received ({mostReceived}).");
            Assert.True(arrived >= relayed * 0.9, $"us-east received {arrived} of the {relayed} relayed packets.");
        }
        finally
        {
            foreach (var (session, _) in viewers)
            {
                await session.DisposeAsync();
            }
        }
    }
}
