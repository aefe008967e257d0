using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.LoadGen;

/// <summary>
/// <c>latecomer</c> against a real in-process bridge: every latecomer gets a key frame from every publisher, and the
/// figures it prints are consistent. How fast is the benchmark's report (docs/performance.md), not asserted here.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class LatecomerCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_latecomer_gets_a_key_frame_from_every_publisher_and_the_report_is_one_json_line()
    {
        await using var bridge = await BridgeServer.StartAsync();

        var run = await LoadGenRun.StartAsync("latecomer", "--bridge", bridge.BaseAddress.ToString(), "--room", "late",
            "--publishers", "2", "--latecomers", "3", "--warmup", "0.5", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, $"The latecomer run failed: {run}{Environment.NewLine}bridge log:{Environment.NewLine}{bridge.Log}");
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        output.WriteLine(line);
        var report = JsonDocument.Parse(line).RootElement;
        Assert.Equal((2, 3, 0), (report.GetProperty("publishers").GetInt32(), report.GetProperty("latecomers").GetInt32(),
            report.GetProperty("withoutKeyframe").GetInt32()));
        double Figure(string name, string statistic) => report.GetProperty(name).GetProperty(statistic).GetDouble();
        foreach (var statistic in new[] { "p50", "p90", "max" })
        {
            Assert.True(Figure("connectedMs", statistic) > 0, line);
            Assert.True(Figure("firstKeyframeMs", statistic) >= Figure("firstVideoMs", statistic), $"a key frame before the first video: {line}");
        }

        Assert.True(Figure("firstKeyframeMs", "max") >= Figure("firstKeyframeMs", "p50"), line);
        await Eventually.Until(async () => (await bridge.GetStatsAsync()).Sessions == 0, Eventually.Patience,
            "every WHIP and WHEP session of the run to be deleted", bridge.DescribeStatsAsync);
    }

    [Theory]
    [InlineData("--latecomers", "0")]
    [InlineData("--publishers", "many")]
    [InlineData("--bridge", "ftp://example")]
    [InlineData("--frobnicate", "1")]
    public async Task Invalid_options_are_rejected_with_the_usage(params string[] args)
    {
        var run = await LoadGenRun.StartAsync(["latecomer", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("loadgen latecomer: ", run.Stderr);
        Assert.Contains("usage: OctoMesh.LoadGen latecomer", run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
