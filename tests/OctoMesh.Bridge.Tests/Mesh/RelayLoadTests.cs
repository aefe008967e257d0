using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.LoadGen;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// The load generator across the mesh: publishers on one bridge, subscribers on another
/// (<c>--subscribe-bridge</c>), so its delay figures include the WireGuard relay between them.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class RelayLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Subscribers_on_another_bridge_receive_every_packet_through_the_relay()
    {
        await using var mesh = await TestMesh.StartAsync(Deadline);
        var origin = mesh["eu-central"].BaseAddress.ToString();
        var edge = mesh["us-east"].BaseAddress.ToString();

        // No wait for the announcement here: the load generator retries the edge's WHEP 404 until the mesh relays it.
        var run = await LoadGenRun.StartAsync("--bridge", origin, "--subscribe-bridge", edge, "--room", "relay-load",
            "--publishers", "1", "--subscribers", "3", "--warmup", "1", "--duration", "3", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        output.WriteLine(run.Stdout);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.Equal(edge, root.GetProperty("subscribeBridge").GetString());
        Assert.Equal(0, root.GetProperty("subscribersWithoutMedia").GetInt32());
        // Each subscriber gets every packet of the publisher's, once: no gap in any stream's sequence numbers and nothing
        // twice. How many fall inside the window is not "three times the sent, give or take a few in flight": on a busy
        // machine packets sent before the window arrive inside it, and late ones after it (in run 3 of 2026-12-06, 372
        // more than 3 x sent arrived). The last check says only that the subscribers had the stream through the window,
        // not a fragment of it.
        var sent = root.GetProperty("packetsSent").GetInt64();
        var received = root.GetProperty("packetsReceived").GetInt64();
        var expected = root.GetProperty("packetsExpected").GetInt64();
        Assert.True(root.GetProperty("packetsLost").GetInt64() == 0, $"Subscribers lost relayed packets.{Environment.NewLine}{run.Stdout}");
        Assert.True(received == expected, $"Subscribers received {received} packets of {expected} expected (more: some twice).{Environment.NewLine}{run.Stdout}");
        Assert.True(expected >= sent * 3 / 2, $"Subscribers saw {expected} packets of 3 x {sent} sent in the window.{Environment.NewLine}{run.Stdout}");
        Assert.True(root.GetProperty("delaySamples").GetInt64() > 0, "subscribers measured no delay");
    }

    [Fact]
    public async Task A_room_nobody_publishes_in_fails_with_the_edge_bridges_reason_after_the_wait()
    {
        await using var mesh = await TestMesh.StartAsync(Deadline);

        var run = await LoadGenRun.StartAsync("--bridge", mesh["eu-central"].BaseAddress.ToString(),
            "--subscribe-bridge", mesh["us-east"].BaseAddress.ToString(), "--room", "empty-room",
            "--publishers", "0", "--subscribers", "1", "--duration", "1", "--connect-timeout", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("404", run.Stderr);
        Assert.Contains("waiting 1 s for the mesh to relay it", run.Stderr);
    }
}
