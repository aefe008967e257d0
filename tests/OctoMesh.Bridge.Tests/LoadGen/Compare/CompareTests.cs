using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.LoadGen.Compare;

/// <summary>
/// <c>compare</c> run in-process through <see cref="LoadGenCommand.RunAsync"/>; the bridge it measures is a real
/// separate process (the Debug build's OctoMesh.Bridge.dll), its CPU time and memory read from the kernel.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class CompareTests(ITestOutputHelper output)
{
    [Fact]
    public async Task One_publisher_to_five_subscribers_reports_forwarding_cpu_memory_and_loss_as_one_json_line()
    {
        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--publishers", "1", "--subscribers", "5",
            "--duration", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stdout);
        output.WriteLine(run.Stderr);
        var octomesh = SingleJsonLine(run).GetProperty("octomesh");
        Assert.Equal(1, octomesh.GetProperty("publishers").GetInt32());
        Assert.Equal(5, octomesh.GetProperty("subscribers").GetInt32());
        Assert.True(octomesh.GetProperty("forwardedPackets").GetInt64() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("cpuSeconds").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("packetsPerCpuSecond").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("rssMiB").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("lossPercent").GetDouble() < 5, $"Loss of 5 % or more on loopback: {run}");
        Assert.True(octomesh.GetProperty("delayP50Ms").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("delayP99Ms").GetDouble() >= octomesh.GetProperty("delayP50Ms").GetDouble(), run.ToString());
        Assert.Equal(0, octomesh.GetProperty("subscribersWithoutMedia").GetInt32());

        // With --json the side-by-side table goes to stderr.
        Assert.Contains("packets per CPU-second", run.Stderr);
        Assert.DoesNotContain("loadgen:", run.Stderr);
    }

    [Fact]
    public async Task Relayed_and_local_fan_out_are_measured_side_by_side_on_the_edge_bridge()
    {
        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh,octomesh-relay", "--publishers", "1", "--subscribers", "3",
            "--duration", "2", "--warmup", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stderr);
        var results = SingleJsonLine(run);
        foreach (var server in new[] { "octomesh", "octomesh-relay" })
        {
            var measured = results.GetProperty(server);
            Assert.Equal(0, measured.GetProperty("subscribersWithoutMedia").GetInt32());
            Assert.Equal(0, measured.GetProperty("packetsLost").GetInt64());
            Assert.True(measured.GetProperty("cpuSeconds").GetDouble() > 0, run.ToString());
            // Each of the 3 subscribers got what the one publisher sent: 3 x sent, through the relay as locally.
            Assert.True(measured.GetProperty("forwardedPackets").GetInt64() >= 2 * measured.GetProperty("packetsSent").GetInt64(), $"{server}: {run}");
        }
    }

    [Fact]
    public async Task A_room_of_three_has_every_person_receive_the_two_others()
    {
        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--room-size", "3", "--duration", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stdout);
        var octomesh = SingleJsonLine(run).GetProperty("octomesh");
        Assert.Equal(3, octomesh.GetProperty("roomSize").GetInt32());
        Assert.Equal(3, octomesh.GetProperty("publishers").GetInt32());
        Assert.Equal(6, octomesh.GetProperty("subscribers").GetInt32());

        // Every one of the 3 × 2 subscriptions (each to one named feed) received media, stamped video among it...
        Assert.Equal(0, octomesh.GetProperty("subscribersWithoutMedia").GetInt32());
        Assert.True(octomesh.GetProperty("delaySamples").GetInt64() > 0, $"No stamped video packet arrived: {run}");
        Assert.True(octomesh.GetProperty("lossPercent").GetDouble() < 5, $"Loss of 5 % or more on loopback: {run}");

        // ...and each packet sent reached the two other people: twice as many forwarded as sent.
        var sent = octomesh.GetProperty("packetsSent").GetInt64();
        var forwarded = octomesh.GetProperty("forwardedPackets").GetInt64();
        Assert.InRange(forwarded, (long)(sent * 1.8), (long)(sent * 2.1));
    }

    [Fact]
    public async Task Without_json_the_table_goes_to_stdout()
    {
        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--subscribers", "1", "--duration", "1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stdout);
        Assert.Contains("octomesh", run.Stdout);
        Assert.Contains("packets per CPU-second", run.Stdout);
        Assert.Contains("server RSS MiB", run.Stdout);
    }

    [Fact]
    public async Task A_bridge_assembly_that_does_not_exist_fails_with_a_message_and_exit_code_1()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "OctoMesh.Bridge.dll");

        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--bridge-dll", missing, "--duration", "1");

        Assert.True(run.ExitCode == ExitCodes.RunFailed, run.ToString());
        var failure = Assert.Single(FailureLines(run));
        Assert.Contains(missing, failure);
        Assert.Contains("does not exist", failure);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_bridge_that_cannot_start_fails_with_the_tail_of_its_output()
    {
        // Not an assembly: dotnet exits at once with its own error, which the message must carry.
        var directory = Directory.CreateTempSubdirectory("compare-test-");
        try
        {
            var broken = Path.Combine(directory.FullName, "OctoMesh.Bridge.dll");
            await File.WriteAllTextAsync(broken, "not an assembly");

            var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--bridge-dll", broken, "--duration", "1");

            Assert.True(run.ExitCode == ExitCodes.RunFailed, run.ToString());
            var failure = Assert.Single(FailureLines(run));
            Assert.Contains("exited with code", failure);
            Assert.DoesNotContain("(no output)", failure);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Idle_sessions_report_the_servers_resident_memory_per_session_and_its_threads()
    {
        var run = await LoadGenRun.StartAsync("compare", "--servers", "octomesh", "--idle-sessions", "6", "--duration", "2", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        output.WriteLine(run.Stdout);
        var octomesh = SingleJsonLine(run).GetProperty("octomesh");
        Assert.Equal(6, octomesh.GetProperty("idleSessions").GetInt32());
        Assert.True(octomesh.GetProperty("rssBaselineMiB").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("rssMiB").GetDouble() > 0, run.ToString());
        Assert.True(octomesh.GetProperty("threads").GetInt32() > 0, run.ToString());
        Assert.True(octomesh.TryGetProperty("rssPerIdleSessionKiB", out _), run.ToString());
        Assert.Contains("RSS per idle session KiB", run.Stderr);
    }

    [Theory]
    [InlineData("--servers", "nginx")]
    [InlineData("--servers", "octomesh,octomesh")]
    [InlineData("--room-size", "3", "--publishers", "2")]
    [InlineData("--subscribers", "4", "--room-size", "3")]
    [InlineData("--room-size", "1")]
    [InlineData("--idle-sessions", "0")]
    [InlineData("--idle-sessions", "5", "--room-size", "3")]
    [InlineData("--subscribers", "5", "--idle-sessions", "5")]
    [InlineData("--room-size", "100")]
    [InlineData("--publishers", "0")]
    [InlineData("--duration", "0")]
    [InlineData("--connect-timeout", "soon")]
    [InlineData("--bridge")]
    [InlineData("--janus")]
    public async Task Invalid_options_are_rejected_with_usage_and_exit_code_2(params string[] args)
    {
        var run = await LoadGenRun.StartAsync(["compare", .. args]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.StartsWith("loadgen: ", run.Stderr);
        Assert.Contains("usage: OctoMesh.LoadGen compare", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    private static JsonElement SingleJsonLine(LoadGenRun run)
    {
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"--json must print exactly one line: {run}");
        using var json = JsonDocument.Parse(lines[0]);
        return json.RootElement.Clone();
    }

    private static IEnumerable<string> FailureLines(LoadGenRun run) =>
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("loadgen:", StringComparison.Ordinal));
}
