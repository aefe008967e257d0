using System.Globalization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// Parses <c>compare</c>'s <c>--name value</c> options and validates them, answering with a one-line error an
/// operator can act on rather than throwing.
/// </summary>
public static class CompareOptionsParser
{
    /// <summary>Largest <c>--room-size</c>: N people are N² clients in this one process.</summary>
    public static readonly int MaxRoomSize = (int)Math.Sqrt(LoadOptionsParser.MaxClients);

    public const string Usage =
        "usage: OctoMesh.LoadGen compare [--servers octomesh,janus,octomesh-relay] [--publishers <n>] [--subscribers <n>] | [--room-size <n>] | [--idle-sessions <n>]\n" +
        "                                [--duration <seconds>] [--warmup <seconds>] [--video-kbps <n>] [--simulcast [on|off|both]] [--connect-timeout <seconds>] [--json]\n" +
        "                                [--janus <path>] [--bridge-dll <path>]";

    public static CompareOptionsResult Parse(IReadOnlyList<string> args)
    {
        var options = new CompareOptions();
        var fanOutGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return CompareOptionsResult.Help();
            }

            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }

            if (name == OptionValues.SimulcastOption)
            {
                var simulcastError = OptionValues.ReadSimulcast(args, ref i, allowBoth: true, out var simulcast);
                if (simulcastError is not null)
                {
                    return CompareOptionsResult.Fail(simulcastError);
                }

                options = options with { Simulcast = simulcast };
                continue;
            }

            if (!IsKnown(name))
            {
                return CompareOptionsResult.Fail($"unknown compare option '{name}'");
            }

            if (i + 1 >= args.Count)
            {
                return CompareOptionsResult.Fail($"option {name} needs a value");
            }

            var value = args[++i];
            string? error = null;
            switch (name)
            {
                case "--servers":
                    error = ReadServers(value, out var servers);
                    options = options with { Servers = servers };
                    break;
                case "--publishers":
                    error = OptionValues.ReadCount(name, value, 1, LoadOptionsParser.MaxClients, out var publishers);
                    options = options with { Publishers = publishers };
                    fanOutGiven = true;
                    break;
                case "--subscribers":
                    error = OptionValues.ReadCount(name, value, 0, LoadOptionsParser.MaxClients, out var subscribers);
                    options = options with { Subscribers = subscribers };
                    fanOutGiven = true;
                    break;
                case "--room-size":
                    error = OptionValues.ReadCount(name, value, 2, LoadOptionsParser.MaxClients, out var people);
                    options = options with { RoomSize = people };
                    break;
                case "--idle-sessions":
                    error = OptionValues.ReadCount(name, value, 1, LoadOptionsParser.MaxClients, out var idle);
                    options = options with { IdleSessions = idle };
                    break;
                case "--video-kbps":
                    error = OptionValues.ReadCount(name, value, 50, LoadOptionsParser.MaxClients, out var kbps);
                    options = options with { VideoKbps = kbps };
                    break;
                case "--duration":
                    error = OptionValues.ReadSeconds(name, value, out var duration);
                    options = options with { Duration = duration };
                    break;
                case "--warmup":
                    error = OptionValues.ReadSeconds(name, value, out var warmup, allowZero: true);
                    options = options with { Warmup = warmup };
                    break;
                case "--connect-timeout":
                    error = OptionValues.ReadSeconds(name, value, out var timeout);
                    options = options with { ConnectTimeout = timeout };
                    break;
                case "--janus":
                    error = ReadPath(name, value);
                    options = options with { JanusExecutable = value };
                    break;
                case "--bridge-dll":
                    error = ReadPath(name, value);
                    options = options with { BridgeAssembly = value };
                    break;
            }

            if (error is not null)
            {
                return CompareOptionsResult.Fail(error);
            }
        }

        if (options.IdleSessions is not null && (fanOutGiven || options.RoomSize is not null))
        {
            return CompareOptionsResult.Fail("--idle-sessions measures memory of sessions that send nothing: leave out --publishers, --subscribers and --room-size");
        }

        if (options.Simulcast != SimulcastMode.Off)
        {
            if (options.IdleSessions is not null)
            {
                return CompareOptionsResult.Fail("--idle-sessions sends no media: leave out --simulcast");
            }

            if (options.Servers.Contains(SfuServers.JanusName, StringComparer.Ordinal))
            {
                return CompareOptionsResult.Fail("--simulcast is measured on OctoMesh only (octomesh, octomesh-relay): the Janus VideoRoom signalling here does not set up simulcast; name the servers, e.g. --servers octomesh");
            }
        }

        if (options.RoomSize is { } size)
        {
            if (fanOutGiven)
            {
                return CompareOptionsResult.Fail("--room-size runs an N-person room: leave out --publishers and --subscribers");
            }

            if (size > MaxRoomSize)
            {
                return CompareOptionsResult.Fail($"--room-size {size} is {size * size} clients, more than one process drives ({LoadOptionsParser.MaxClients}); at most {MaxRoomSize}");
            }
        }
        else if (options.Publishers + options.Subscribers > LoadOptionsParser.MaxClients)
        {
            return CompareOptionsResult.Fail($"{options.Publishers + options.Subscribers} clients is more than one process drives ({LoadOptionsParser.MaxClients})");
        }

        return CompareOptionsResult.Ok(options);
    }

    private static bool IsKnown(string name) => name is "--servers" or "--publishers" or "--subscribers" or "--room-size" or "--idle-sessions"
        or "--video-kbps" or "--duration" or "--warmup" or "--connect-timeout" or "--janus" or "--bridge-dll";

    private static string? ReadServers(string value, out IReadOnlyList<string> servers)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries);
        servers = names;
        if (names.Any(n => !SfuServers.IsKnown(n)))
        {
            return $"--servers '{value}' is not a comma-separated list of {string.Join(" and ", SfuServers.Names)}";
        }

        return names.Distinct(StringComparer.Ordinal).Count() == names.Length ? null : $"--servers '{value}' names a server twice";
    }

    // Whether the file exists is the run's business (exit 1 naming the file), not the parser's.
    private static string? ReadPath(string name, string value) =>
        value.Length == 0 || value.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a file path, got '{value}'" : null;
}
