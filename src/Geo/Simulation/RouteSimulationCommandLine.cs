using System.Globalization;

namespace OctoMesh.Geo.Simulation;

/// <summary>
/// The arguments of <c>simulate-routes</c>:
/// <c>[--clients N] [--bridges demo|ten-regions|synthetic:N] [--seed N] [--capacity N] [--room-size N] [--cities PATH]</c>.
/// Returns an error message instead of throwing, for the CLI to print with its usage.
/// </summary>
public static class RouteSimulationCommandLine
{
    public const string Usage =
        "simulate-routes [--clients 50000] [--bridges demo|ten-regions|synthetic:<count>] [--seed 1] [--capacity <participants per bridge, 0 = unlimited>] [--room-size 1] [--cities <csv>]";

    public static (RouteSimulationOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new RouteSimulationOptions();
        var bridgeSet = "demo";
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
                return (null, $"{name} needs a value. Usage: {Usage}");
            var value = args[++i];
            switch (name)
            {
                case "--clients" when TryInt(value, 1, 10_000_000, out var clients):
                    options = options with { Clients = clients };
                    break;
                case "--seed" when TryInt(value, int.MinValue, int.MaxValue, out var seed):
                    options = options with { Seed = seed };
                    break;
                case "--capacity" when TryInt(value, 0, int.MaxValue, out var capacity):
                    options = options with { CapacityPerBridge = capacity };
                    break;
                case "--room-size" when TryInt(value, 1, 10_000, out var roomSize):
                    options = options with { RoomSize = roomSize };
                    break;
                case "--bridges":
                    bridgeSet = value;
                    break;
                case "--cities":
                    options = options with { CitiesPath = value };
                    break;
                default:
                    return (null, $"Invalid argument {name} {value}. Usage: {Usage}");
            }
        }

        IReadOnlyList<WorldCity> cities;
        try
        {
            cities = WorldCities.Load(options.CitiesPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return (null, $"Cannot read the city list: {e.Message}");
        }
        var bridges = BridgeSets.ByName(bridgeSet, cities, options.Seed);
        return bridges is null
            ? (null, $"Unknown bridge set \"{bridgeSet}\". Usage: {Usage}")
            : (options with { Bridges = bridges, BridgeSetName = bridgeSet }, null);
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
