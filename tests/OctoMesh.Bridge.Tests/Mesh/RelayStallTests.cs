using System.Net.Http.Json;
using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.LoadGen;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A bridge host starved of CPU for a second (a noisy neighbour, a long pause) loses no relayed media: its relay
/// socket holds what arrives meanwhile, and what it could not hold it asks its origin for again. Two bridge
/// processes share a registry file (<see cref="RegistryFileMesh"/>); the load generator publishes on eu-central and subscribes on us-east, and
/// us-east alone is stopped with SIGSTOP while eu-central keeps relaying to it. With the system's default socket
/// buffer on the relay (about 90 packets) us-east dropped most of that second and asked for none of a gap that
/// long; its subscribers then counted the loss.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayStallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    // The load generator measures for 6 s after a 1 s warm-up that starts once every client has connected (shortly
    // after us-east counts its subscribers): the stall falls inside that window.
    private static readonly TimeSpan StallAfterConnect = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task An_edge_bridge_descheduled_for_a_second_loses_no_relayed_media()
    {
        await using var mesh = await RegistryFileMesh.StartAsync(StartDeadline);
        var edge = mesh.Virginia;

        // No wait for the link: the load generator retries the edge's WHEP 404 until the mesh relays the publisher.
        var load = LoadGenRun.StartAsync("--bridge", mesh.Frankfurt.BaseAddress.ToString(), "--subscribe-bridge", edge.BaseAddress.ToString(),
            "--room", "stall", "--publishers", "1", "--subscribers", "3", "--warmup", "1", "--duration", "6", "--connect-timeout", "20", "--json");
        await Eventually.Until(
            async () => load.IsCompleted || (await edge.Http.GetFromJsonAsync<BridgeStats>("api/stats"))!.Subscribers == 3,
            StartDeadline, "the load generator's three subscribers to connect to us-east", () => Task.FromResult(mesh.Describe()));
        await Task.Delay(StallAfterConnect);
        edge.Pause();
        try
        {
            await Task.Delay(Stall);
        }
        finally
        {
            edge.Resume();
        }

        var run = await load;
        Assert.True(run.ExitCode == 0, run + mesh.Describe());
        output.WriteLine(run.Stdout);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.True(root.GetProperty("delayMaxMs").GetDouble() >= Stall.TotalMilliseconds * 0.8,
            $"No packet waited out the stall: us-east was not stopped while the subscribers measured.{Environment.NewLine}{run.Stdout}");
        Assert.True(root.GetProperty("packetsLost").GetInt64() == 0,
            $"Subscribers on us-east lost relayed packets across a {Stall.TotalSeconds:0} s stall.{Environment.NewLine}{run.Stdout}");
        // Nothing missing at the window's ends either, and nothing twice. (Not "at most three times the sent": when us-east
        // connects its subscribers slowly the stall can straddle the window's start, and packets sent before the window then
        // arrive inside it; the expected count, from the sequence numbers received, includes them.)
        var sent = root.GetProperty("packetsSent").GetInt64();
        var received = root.GetProperty("packetsReceived").GetInt64();
        Assert.True(received >= sent * 3 * 99 / 100, $"Subscribers received {received} packets of 3 × {sent} sent.{Environment.NewLine}{run.Stdout}");
        Assert.True(received <= root.GetProperty("packetsExpected").GetInt64(), $"Subscribers received packets twice.{Environment.NewLine}{run.Stdout}");
    }
}
