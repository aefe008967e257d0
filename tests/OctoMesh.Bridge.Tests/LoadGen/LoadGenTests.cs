using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.LoadGen;

/// <summary>
/// The load generator against a real in-process bridge: media flows and is measured by the subscribers,
/// and bad input ends the run with a one-line message and a non-zero exit code rather than a hang.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class LoadGenTests(ITestOutputHelper output)
{
    [Fact]
    public async Task One_publisher_and_two_subscribers_report_packets_low_loss_and_delay_as_json()
    {
        await using var bridge = await BridgeServer.StartAsync();

        var run = await LoadGenRun.StartAsync("--bridge", bridge.BaseAddress.ToString(), "--room", "loadgen",
            "--publishers", "1", "--subscribers", "2", "--duration", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, $"The load run failed: {run}{Environment.NewLine}bridge log:{Environment.NewLine}{bridge.Log}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"--json must print exactly one line: {run}");
        output.WriteLine(lines[0]);
        using var json = JsonDocument.Parse(lines[0]);
        var report = json.RootElement;
        string Describe() => $"{lines[0]}{Environment.NewLine}bridge: {bridge.DescribeStatsAsync().GetAwaiter().GetResult()}";

        Assert.True(report.GetProperty("packetsSent").GetInt64() > 0, $"The publisher sent nothing: {Describe()}");
        Assert.True(report.GetProperty("packetsReceived").GetInt64() > 0, $"The subscribers received nothing: {Describe()}");
        Assert.True(report.GetProperty("subscribersWithoutMedia").GetInt32() == 0, $"A subscriber received no media: {Describe()}");
        Assert.True(report.GetProperty("lossPercent").GetDouble() < 5, $"Loss of 5 % or more on loopback: {Describe()}");
        Assert.True(report.GetProperty("delaySamples").GetInt64() > 0, $"No stamped video packet arrived: {Describe()}");
        Assert.True(report.GetProperty("delayP50Ms").GetDouble() > 0, $"The median one-way delay must be positive: {Describe()}");
        Assert.True(report.GetProperty("delayP99Ms").GetDouble() >= report.GetProperty("delayP50Ms").GetDouble(), Describe());
        Assert.True(report.GetProperty("throughputMbps").GetDouble() > 0, Describe());
    }

    [Fact]
    public async Task The_table_is_printed_without_json()
    {
        await using var bridge = await BridgeServer.StartAsync();

        var run = await LoadGenRun.StartAsync("--bridge", bridge.BaseAddress.ToString(), "--subscribers", "1", "--duration", "1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stdout);
        Assert.Contains("delay p99", run.Stdout);
        Assert.Contains("received", run.Stdout);
    }

    [Fact]
    public async Task An_unreachable_bridge_fails_with_a_message_and_a_non_zero_exit()
    {
        var closedPort = ClosedLoopbackPort();

        var run = await LoadGenRun.StartAsync("--bridge", $"http://127.0.0.1:{closedPort}", "--duration", "1", "--connect-timeout", "5");

        Assert.True(run.ExitCode == ExitCodes.RunFailed, run.ToString());
        Assert.Contains("cannot reach the bridge", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Playing_a_room_without_publisher_fails_with_the_bridges_404()
    {
        await using var bridge = await BridgeServer.StartAsync();

        var run = await LoadGenRun.StartAsync("--bridge", bridge.BaseAddress.ToString(), "--room", "empty-room",
            "--publishers", "0", "--subscribers", "1", "--duration", "1");

        Assert.True(run.ExitCode == ExitCodes.RunFailed, run.ToString());
        Assert.Contains("WHEP", run.Stderr);
        Assert.Contains("404", run.Stderr);
        Assert.Contains("no publisher", run.Stderr);
    }

    [Fact]
    public async Task A_refused_offer_fails_with_the_status_and_the_problem_detail()
    {
        await using var bridge = await BridgeServer.StartAsync();

        // Nothing is routed under /nowhere/, so the WHIP offer is refused with 404.
        var run = await LoadGenRun.StartAsync("--bridge", new Uri(bridge.BaseAddress, "nowhere/").ToString(), "--subscribers", "0", "--duration", "1");

        Assert.True(run.ExitCode == ExitCodes.RunFailed, run.ToString());
        Assert.Contains("WHIP POST", run.Stderr);
        Assert.Contains("404", run.Stderr);
    }

    [Theory]
    [InlineData("--subscribers", "-1")]
    [InlineData("--duration", "0")]
    [InlineData("--rooms", "3")]
    [InlineData("--room", "no spaces")]
    [InlineData("--bridge", "ftp://127.0.0.1")]
    [InlineData("--bogus", "1")]
    [InlineData("--duration")]
    public async Task Invalid_options_are_rejected_with_usage(params string[] args)
    {
        var run = await LoadGenRun.StartAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.StartsWith("loadgen: ", run.Stderr);
        Assert.Contains("usage:", run.Stderr);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
