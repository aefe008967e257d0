using OctoMesh.Geo.Selection;
using OctoMesh.Geo.Simulation;

namespace OctoMesh.Geo.Tests.Selection;

[Trait(Tier.Name, Tier.Unit)]
public sealed class RouteSimulationTests
{
    [Fact]
    public void The_city_list_holds_the_largest_cities_with_valid_coordinates()
    {
        var cities = WorldCities.Load();

        Assert.InRange(cities.Count, 300, 400);
        Assert.Equal(cities.Count, cities.Select(c => c.Name).Distinct().Count());
        Assert.Contains(cities, c => c.Name == "Tokyo" && c.CountryCode == "JP" && c.Population > 30_000_000);
        Assert.All(cities, c => Assert.True(c.Population > 100_000, c.Name));
    }

    [Fact]
    public void Without_capacity_limits_every_client_gets_its_nearest_bridge()
    {
        var report = RouteSimulation.Run(new RouteSimulationOptions { Clients = 5_000, Bridges = BridgeSets.TenRegions(), BridgeSetName = "ten-regions" });

        Assert.Equal(0, report.NotNearestShare);
        Assert.Equal(report.MeanBestDistanceKm, report.MeanDistanceKm, precision: 6);
        Assert.Equal(5_000, report.Load.Sum(l => l.Clients));
        Assert.Equal(5_000, report.Reasons[SelectionReason.Nearest]);
        Assert.Contains("ten-regions", report.ToString());
    }

    [Fact]
    public void With_capacity_limits_full_bridges_spill_to_the_next_nearest()
    {
        var report = RouteSimulation.Run(new RouteSimulationOptions { Clients = 6_000, CapacityPerBridge = 2_500 });

        // 3 bridges, stress threshold 0.8: no bridge takes more than 2,000 while another has room.
        Assert.All(report.Load, l => Assert.True(l.Clients <= 2_000, $"{l.BridgeId}: {l.Clients}"));
        Assert.True(report.NotNearestShare > 0);
        Assert.True(report.MeanDistanceKm > report.MeanBestDistanceKm);
    }

    [Fact]
    public void Rooms_keep_nearby_members_together()
    {
        var report = RouteSimulation.Run(new RouteSimulationOptions { Clients = 4_000, RoomSize = 8, Bridges = BridgeSets.TenRegions() });

        Assert.True(report.Reasons.GetValueOrDefault(SelectionReason.RoomBridgeNearby) > 0);
    }

    [Fact]
    public void Equal_seeds_give_equal_figures()
    {
        var options = new RouteSimulationOptions { Clients = 3_000, Seed = 9 };

        var first = RouteSimulation.Run(options);
        var second = RouteSimulation.Run(options);

        Assert.Equal(first.Load, second.Load);
        Assert.Equal(first.MeanDistanceKm, second.MeanDistanceKm);
    }

    [Theory]
    [InlineData("--clients 0")]
    [InlineData("--clients")]
    [InlineData("--bridges mars")]
    [InlineData("--bridges synthetic:0")]
    [InlineData("--frobnicate 1")]
    [InlineData("--cities /no/such/file.csv")]
    public void Bad_command_lines_give_a_message_not_an_exception(string commandLine)
    {
        var (options, error) = RouteSimulationCommandLine.Parse(commandLine.Split(' '));

        Assert.Null(options);
        Assert.NotNull(error);
    }

    [Fact]
    public void The_command_line_selects_the_bridge_set()
    {
        var (options, error) = RouteSimulationCommandLine.Parse(["--clients", "1000", "--bridges", "synthetic:50", "--seed", "3", "--capacity", "400"]);

        Assert.Null(error);
        Assert.Equal((1000, 50, 3, 400, "synthetic:50"), (options!.Clients, options.Bridges!.Count, options.Seed, options.CapacityPerBridge, options.BridgeSetName));
    }
}
