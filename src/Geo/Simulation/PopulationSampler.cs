namespace OctoMesh.Geo.Simulation;

/// <summary>Draws cities with probability proportional to population (inverse transform over the cumulative sum).</summary>
internal sealed class PopulationSampler
{
    private readonly IReadOnlyList<WorldCity> _cities;
    private readonly long[] _cumulative;

    public PopulationSampler(IReadOnlyList<WorldCity> cities)
    {
        _cities = cities;
        _cumulative = new long[cities.Count];
        long total = 0;
        for (var i = 0; i < cities.Count; i++)
            _cumulative[i] = total += cities[i].Population;
    }

    public WorldCity Next(Random random)
    {
        var ticket = random.NextInt64(_cumulative[^1]);
        var index = Array.BinarySearch(_cumulative, ticket + 1);
        return _cities[index >= 0 ? index : ~index];
    }

    /// <summary>A point up to <paramref name="degrees"/> away from <paramref name="centre"/> in each axis: people live around a city's centre, not on it.</summary>
    public static (double Latitude, double Longitude) Jitter(Selection.GeoCoordinate centre, Random random, double degrees)
    {
        var latitude = Math.Clamp(centre.Latitude + (random.NextDouble() * 2 - 1) * degrees, -90, 90);
        var longitude = centre.Longitude + (random.NextDouble() * 2 - 1) * degrees;
        longitude = longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude;
        return (latitude, longitude);
    }
}
