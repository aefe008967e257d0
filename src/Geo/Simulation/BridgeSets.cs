using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>Bridge sets to simulate routing over.</summary>
public static class BridgeSets
{
    /// <summary>The demo's three bridges: Frankfurt, northern Virginia, Sydney.</summary>
    public static IReadOnlyList<BridgeCandidate> Demo() =>
    [
        new("eu-central", "eu-central", 50.11, 8.68, "1"),
        new("us-east", "us-east", 38.95, -77.45, "1"),
        new("ap-southeast", "ap-southeast", -33.87, 151.21, "1"),
    ];

    /// <summary>Ten regions where the large clouds have data centres.</summary>
    public static IReadOnlyList<BridgeCandidate> TenRegions() =>
    [
        new("us-east", "us-east", 38.95, -77.45, "1"),              // northern Virginia
        new("us-west", "us-west", 37.34, -121.89, "1"),             // San José
        new("sa-east", "sa-east", -23.55, -46.63, "1"),             // São Paulo
        new("eu-west", "eu-west", 53.35, -6.26, "1"),               // Dublin
        new("eu-central", "eu-central", 50.11, 8.68, "1"),          // Frankfurt
        new("af-south", "af-south", -33.92, 18.42, "1"),            // Cape Town
        new("ap-south", "ap-south", 19.08, 72.88, "1"),             // Mumbai
        new("ap-southeast", "ap-southeast", 1.35, 103.82, "1"),     // Singapore
        new("ap-northeast", "ap-northeast", 35.68, 139.69, "1"),    // Tokyo
        new("ap-southeast-2", "ap-southeast-2", -33.87, 151.21, "1"), // Sydney
    ];

    /// <summary><paramref name="count"/> bridges placed at cities drawn by population, a few kilometres apart: a large mesh for timing.</summary>
    public static IReadOnlyList<BridgeCandidate> Synthetic(int count, IReadOnlyList<WorldCity> cities, int seed)
    {
        var random = new Random(seed);
        var sampler = new PopulationSampler(cities);
        var bridges = new BridgeCandidate[count];
        for (var i = 0; i < count; i++)
        {
            var city = sampler.Next(random);
            var (latitude, longitude) = PopulationSampler.Jitter(city.Location, random, degrees: 0.3);
            bridges[i] = new BridgeCandidate($"bridge-{i:0000}", $"{city.CountryCode}-{city.Name}", latitude, longitude, "1");
        }
        return bridges;
    }

    /// <summary>"demo", "ten-regions" or "synthetic:&lt;count&gt;" (1 to 100,000); null when the name is unknown.</summary>
    public static IReadOnlyList<BridgeCandidate>? ByName(string name, IReadOnlyList<WorldCity> cities, int seed) => name switch
    {
        "demo" => Demo(),
        "ten-regions" => TenRegions(),
        _ when name.StartsWith("synthetic:", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan("synthetic:".Length), out var count) && count is >= 1 and <= 100_000 => Synthetic(count, cities, seed),
        _ => null,
    };
}
