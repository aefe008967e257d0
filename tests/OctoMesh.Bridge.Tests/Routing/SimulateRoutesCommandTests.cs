using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Routing;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary><c>dotnet run --project src/Bridge -- simulate-routes</c>, run in-process.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SimulateRoutesCommandTests
{
    [Fact]
    public async Task It_prints_the_route_simulation_report()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await RouteSimulationCommand.RunAsync(["--clients", "400", "--seed", "3"], output, error);

        Assert.True(exit == 0, $"simulate-routes exited {exit}: {error}");
        var report = output.ToString();
        Assert.Contains("route simulation: 400 clients (seed 3)", report);
        Assert.Contains("3 bridges (demo)", report);
        Assert.Contains("distance  mean", report);
        Assert.Contains("eu-central", report);
        Assert.Contains("ap-southeast", report);
    }

    [Fact]
    public async Task The_bridge_entry_point_runs_the_verb()
    {
        Assert.Equal(0, await BridgeHost.RunAsync([RouteSimulationCommand.Verb, "--clients", "200", "--bridges", "ten-regions"]));
        Assert.Equal(2, await BridgeHost.RunAsync([RouteSimulationCommand.Verb, "--clients", "lots"]));
    }

    [Theory]
    [InlineData("--clients", "0")]
    [InlineData("--clients")]
    [InlineData("--bridges", "moon-base")]
    [InlineData("--frobnicate", "1")]
    public async Task Bad_arguments_exit_2_with_the_usage(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, await RouteSimulationCommand.RunAsync(args, output, error));
        Assert.Contains("Usage: simulate-routes", error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Json_output_is_one_document()
    {
        var output = new StringWriter();
        Assert.Equal(0, await RouteSimulationCommand.RunAsync(["--clients", "100", "--json"], output, new StringWriter()));
        using var report = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(100, report.RootElement.GetProperty("clients").GetInt32());
    }
}
