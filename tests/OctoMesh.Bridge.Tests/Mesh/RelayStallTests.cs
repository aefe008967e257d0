using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Signaling;
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
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RelayStallTests(ITestOutputHelper output)
{
    // The stimulus: how long us-east is stopped. A real delay produces it; nothing is timed against it.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_edge_bridge_descheduled_for_a_second_loses_no_relayed_media()
    {
        await using var mesh = await RegistryFileMesh.StartAsync(Eventually.Patience);
        var edge = mesh.Virginia;

        // The load generator run in-process (as its command runs it) so the test hears when its measurement window opens.
        // No wait for the link: the subscribers' signaling retries the edge's WHEP 404 until the mesh relays the publisher.
        // The window is long enough that the stall and the repairs after it fall inside it.
        var options = LoadOptionsParser.Parse([
            "--bridge", mesh.Frankfurt.BaseAddress.ToString(), "--subscribe-bridge", edge.BaseAddress.ToString(),
            "--room", "stall", "--publishers", "1", "--subscribers", "3", "--warmup", "1", "--duration", "8", "--connect-timeout", "20",
        ]).Options!;
        await using var signaling = new WhipWhepSignaling(options.Bridge, options.ConnectTimeout);
        await using var subscriberSignaling = new WhipWhepSignaling(options.SubscribeBridge!, options.ConnectTimeout, waitForRelayedFeeds: true);
        var run = new LoadRun(options, signaling, subscriberSignaling);
        LoadReport report;
        try
        {
            var windowOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            run.MeasurementStarted += windowOpened.SetResult;
            var load = run.RunAsync(CancellationToken.None);
            await Task.WhenAny(windowOpened.Task, load).WaitAsync(Eventually.Patience);
            Assert.True(windowOpened.Task.IsCompleted, $"The load generator ended before its measurement window opened: {load.Exception}{Environment.NewLine}{mesh.Describe()}");

            // The window is open: wait until relayed media reaches us-east inside it, then stop us-east.
            var relayedAtWindowStart = await RelayedRtpIn(edge.Http);
            await Eventually.Until(async () => await RelayedRtpIn(edge.Http) > relayedAtWindowStart, Eventually.Patience,
                "us-east to receive relayed RTP from eu-central after the load generator's window opened", () => Task.FromResult(mesh.Describe()));
            edge.Pause();
            try
            {
                await Task.Delay(Stall);
            }
            finally
            {
                edge.Resume();
            }

            report = await load.WaitAsync(Eventually.Patience);
        }
        finally
        {
            await run.DisposeAsync();
        }

        // The report, and on a failure both bridges' logs, so a failure says which side lost what.
        var json = JsonSerializer.Serialize(report, LoadReportJsonContext.Default.LoadReport);
        output.WriteLine(json);
        if (report.PacketsLost != 0 || report.PacketsReceived < report.PacketsSent * 3 * 95 / 100)
        {
            json += Environment.NewLine + mesh.Describe();
        }

        // The stall happened inside the window (the test stopped us-east after it opened): the packets that waited it
        // out show it, and their delay is at least most of the stall however busy the machine is.
        Assert.True(report.DelayMaxMs >= Stall.TotalMilliseconds * 0.8,
            $"No packet waited out the stall: us-east was not stopped while the subscribers measured.{Environment.NewLine}{json}");
        Assert.True(report.PacketsLost == 0,
            $"Subscribers on us-east lost relayed packets across a {Stall.TotalSeconds:0} s stall.{Environment.NewLine}{json}");
        // Nothing missing at the window's ends either, and nothing twice. (Not "at most three times the sent": packets sent
        // just before the window can arrive inside it; the expected count, from the sequence numbers received, includes them.
        // Not all of the sent either: the window closes 250 ms after the publisher stops, and on a busy machine the last
        // packets can take longer; 5 % of the 8 s window is 400 ms more.)
        Assert.True(report.PacketsReceived >= report.PacketsSent * 3 * 95 / 100,
            $"Subscribers received {report.PacketsReceived} packets of 3 × {report.PacketsSent} sent.{Environment.NewLine}{json}");
        Assert.True(report.PacketsReceived <= report.PacketsExpected, $"Subscribers received packets twice.{Environment.NewLine}{json}");
    }

    private static Task<double> RelayedRtpIn(HttpClient edge) =>
        PrometheusText.ReadAsync(edge, "octomesh_relay_packets_total", ("peer", "eu-central"), ("direction", "in"), ("kind", "rtp"));
}
