using System.Diagnostics;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>
/// Routes a synthetic world population over a bridge set with the real <see cref="BridgeSelector"/> and reports how
/// far people end up from their bridge compared with the best possible, how the load spreads, and how long a decision
/// takes (the Bridge CLI's <c>simulate-routes</c>). Clients are drawn from the largest cities weighted by population,
/// scattered around each city centre, geolocated exactly (what a good IP database gives), and arrive 10 ms apart in
/// virtual time. With a capacity, each bridge's stress is its current share of it, so full bridges spill clients to
/// the next nearest. Seeded: equal options give equal figures (except decision times).
/// </summary>
public static class RouteSimulation
{
    private static readonly TimeSpan ArrivalInterval = TimeSpan.FromMilliseconds(10);

    public static RouteSimulationReport Run(RouteSimulationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Clients, 1, nameof(options.Clients));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RoomSize, 1, nameof(options.RoomSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CapacityPerBridge, nameof(options.CapacityPerBridge));

        var cities = WorldCities.Load(options.CitiesPath);
        var bridges = (options.Bridges ?? BridgeSets.Demo()).ToArray();
        var clock = new SimulationClock();
        var selector = new BridgeSelector(options.Selection with { StressPerJoin = 0 }, clock);
        var sampler = new PopulationSampler(cities);
        var random = new Random(options.Seed);

        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < bridges.Length; i++)
            indexOf[bridges[i].Id] = i;
        var clientsPerBridge = new int[bridges.Length];
        var distances = new double[options.Clients];
        var bestDistances = new double[options.Clients];
        var decisionTicks = new long[options.Clients];
        var reasons = new Dictionary<SelectionReason, int>();
        var notNearest = 0;

        for (var client = 0; client < options.Clients; client++)
        {
            var (latitude, longitude) = PopulationSampler.Jitter(sampler.Next(random).Location, random, degrees: 0.25);
            var location = new GeoCoordinate(latitude, longitude);
            var request = new RouteRequest { Room = $"room-{client / options.RoomSize}", Candidates = bridges, GeoIpLocation = location };

            var started = Stopwatch.GetTimestamp();
            var result = selector.Select(request);
            decisionTicks[client] = Stopwatch.GetTimestamp() - started;
            clock.Advance(ArrivalInterval);

            reasons[result.Reason] = reasons.GetValueOrDefault(result.Reason) + 1;
            var best = NearestEligibleDistance(bridges, location, options.Selection.RequiredVersion);
            bestDistances[client] = best;
            if (result.Bridge is not { } chosen)
            {
                distances[client] = double.NaN;
                continue;
            }
            distances[client] = result.DistanceKm ?? GreatCircle.DistanceKm(location, chosen.Location);
            if (distances[client] > best + 1e-6)
                notNearest++;
            var index = indexOf[chosen.Id];
            clientsPerBridge[index]++;
            if (options.CapacityPerBridge > 0)
                bridges[index] = WithStress(chosen, (double)clientsPerBridge[index] / options.CapacityPerBridge);
        }

        var routed = distances.Where(double.IsFinite).ToArray();
        Array.Sort(decisionTicks);
        var microsecondsPerTick = 1e6 / Stopwatch.Frequency;
        return new RouteSimulationReport
        {
            BridgeSetName = options.BridgeSetName,
            Bridges = bridges.Length,
            Clients = options.Clients,
            Seed = options.Seed,
            CapacityPerBridge = options.CapacityPerBridge,
            RoomSize = options.RoomSize,
            MeanDistanceKm = routed.Length > 0 ? routed.Average() : double.NaN,
            P95DistanceKm = Percentile(routed, 0.95),
            MeanBestDistanceKm = bestDistances.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(),
            P95BestDistanceKm = Percentile(bestDistances.Where(double.IsFinite).ToArray(), 0.95),
            NotNearestShare = (double)notNearest / options.Clients,
            Load = [.. bridges.Select((b, i) => new BridgeLoad(b.Id, b.Region, clientsPerBridge[i], (double)clientsPerBridge[i] / options.Clients))],
            Reasons = reasons,
            MeanDecisionMicroseconds = decisionTicks.Average() * microsecondsPerTick,
            P99DecisionMicroseconds = decisionTicks[(int)Math.Min(decisionTicks.Length - 1, Math.Ceiling(decisionTicks.Length * 0.99) - 1)] * microsecondsPerTick,
        };
    }

    private static double NearestEligibleDistance(BridgeCandidate[] bridges, GeoCoordinate location, string? requiredVersion)
    {
        var best = double.PositiveInfinity;
        foreach (var bridge in bridges)
        {
            if (bridge.Healthy && !bridge.Draining && (requiredVersion is null || bridge.Version == requiredVersion))
                best = Math.Min(best, GreatCircle.DistanceKm(location, bridge.Location));
        }
        return best;
    }

    private static BridgeCandidate WithStress(BridgeCandidate bridge, double stress) =>
        new(bridge.Id, bridge.Region, bridge.Location.Latitude, bridge.Location.Longitude, bridge.Version)
        {
            Healthy = bridge.Healthy,
            Draining = bridge.Draining,
            RecentJoins = bridge.RecentJoins,
            Stress = stress,
        };

    /// <summary>Nearest-rank percentile of unsorted values; NaN for none.</summary>
    private static double Percentile(double[] values, double fraction)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * fraction) - 1)];
    }
}
