namespace OctoMesh.LoadGen.Latecomer;

/// <summary>Parses the options of <c>latecomer</c>, answering with a one-line error rather than throwing.</summary>
public static class LatecomerOptionsParser
{
    public const string Usage =
        "usage: OctoMesh.LoadGen latecomer --bridge <url> [--subscribe-bridge <url>] [--room <name>] [--publishers <n>] [--latecomers <n>]\n" +
        "                                  [--warmup <seconds>] [--video-kbps <n>] [--connect-timeout <seconds>] [--seed <n>] [--json]";

    private const int MaxPublishers = 50;
    private const int MaxLatecomers = 1000;

    public static (LatecomerOptions? Options, string? Error, bool HelpRequested) Parse(IReadOnlyList<string> args)
    {
        var options = new LatecomerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return (null, null, true);
            }

            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"option {name} needs a value, or is unknown", false);
            }

            var value = args[++i];
            string? error = null;
            switch (name)
            {
                case "--bridge":
                    error = OptionValues.ReadBaseAddress(name, value, out var bridge);
                    options = options with { Bridge = bridge };
                    break;
                case "--subscribe-bridge":
                    error = OptionValues.ReadBaseAddress(name, value, out var subscribeBridge);
                    options = options with { SubscribeBridge = subscribeBridge };
                    break;
                case "--room":
                    error = LoadOptionsParser.RoomName().IsMatch(value) ? null : $"room name '{value}' is not 1-64 letters, digits, '.', '_' or '-'";
                    options = options with { Room = value };
                    break;
                case "--publishers":
                    error = OptionValues.ReadCount(name, value, 1, MaxPublishers, out var publishers);
                    options = options with { Publishers = publishers };
                    break;
                case "--latecomers":
                    error = OptionValues.ReadCount(name, value, 1, MaxLatecomers, out var latecomers);
                    options = options with { Latecomers = latecomers };
                    break;
                case "--warmup":
                    error = OptionValues.ReadSeconds(name, value, out var warmup, allowZero: true);
                    options = options with { Warmup = warmup };
                    break;
                case "--video-kbps":
                    error = OptionValues.ReadCount(name, value, 50, 100_000, out var kbps);
                    options = options with { VideoKbps = kbps };
                    break;
                case "--connect-timeout":
                    error = OptionValues.ReadSeconds(name, value, out var timeout);
                    options = options with { ConnectTimeout = timeout };
                    break;
                case "--seed":
                    error = OptionValues.ReadCount(name, value, 0, int.MaxValue, out var seed);
                    options = options with { Seed = seed };
                    break;
                default:
                    error = $"unknown option '{name}'";
                    break;
            }

            if (error is not null)
            {
                return (null, error, false);
            }
        }

        return (options, null, false);
    }
}
