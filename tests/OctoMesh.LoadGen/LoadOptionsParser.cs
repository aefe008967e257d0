using System.Globalization;
using System.Text.RegularExpressions;

namespace OctoMesh.LoadGen;

/// <summary>
/// Parses <c>--name value</c> options in the spirit of <c>lk load-test</c> and validates them, answering with
/// a one-line error an operator can act on rather than throwing.
/// </summary>
public static partial class LoadOptionsParser
{
    /// <summary>Most clients one process drives; beyond this, run several load generators.</summary>
    public const int MaxClients = 2000;

    public const string Usage =
        "usage: OctoMesh.LoadGen --bridge <url> [--subscribe-bridge <url>] [--room <name>] [--rooms <n>] [--publishers <n>] [--subscribers <n>]\n" +
        "                        [--duration <seconds>] [--warmup <seconds>] [--video-kbps <n>] [--simulcast [on|off]] [--connect-timeout <seconds>] [--json]";

    public static LoadOptionsResult Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return LoadOptionsResult.Help();
            }

            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }

            if (name == OptionValues.SimulcastOption)
            {
                var simulcastError = OptionValues.ReadSimulcast(args, ref i, allowBoth: false, out var simulcast);
                if (simulcastError is not null)
                {
                    return LoadOptionsResult.Fail(simulcastError);
                }

                options = options with { Simulcast = simulcast == SimulcastMode.On };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return LoadOptionsResult.Fail(IsKnown(name) ? $"option {name} needs a value" : $"unknown option '{name}'");
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
                    options = options with { Room = value };
                    break;
                case "--rooms":
                    error = OptionValues.ReadCount(name, value, 1, MaxClients * 100, out var rooms);
                    options = options with { Rooms = rooms };
                    break;
                case "--publishers":
                    error = OptionValues.ReadCount(name, value, 0, MaxClients * 100, out var publishers);
                    options = options with { Publishers = publishers };
                    break;
                case "--subscribers":
                    error = OptionValues.ReadCount(name, value, 0, MaxClients * 100, out var subscribers);
                    options = options with { Subscribers = subscribers };
                    break;
                case "--video-kbps":
                    error = OptionValues.ReadCount(name, value, 50, MaxClients * 100, out var kbps);
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
                default:
                    error = $"unknown option '{name}'";
                    break;
            }

            if (error is not null)
            {
                return LoadOptionsResult.Fail(error);
            }
        }

        return Validate(options);
    }

    private static LoadOptionsResult Validate(LoadOptions options)
    {
        if (options.Publishers + options.Subscribers == 0)
        {
            return LoadOptionsResult.Fail("nothing to do: --publishers and --subscribers are both 0");
        }

        if (options.Publishers + options.Subscribers > MaxClients)
        {
            return LoadOptionsResult.Fail($"{options.Publishers + options.Subscribers} clients is more than one process drives ({MaxClients}); run several load generators");
        }

        if (options.Publishers > 0 && options.Rooms > options.Publishers)
        {
            return LoadOptionsResult.Fail($"--rooms {options.Rooms} is more than --publishers {options.Publishers}: every room needs a publisher");
        }

        // The bridge's room names are 1-64 letters, digits, '.', '_' or '-'; check the longest one made.
        var longest = options.RoomName(options.Rooms - 1);
        if (!RoomName().IsMatch(longest))
        {
            return LoadOptionsResult.Fail($"room name '{longest}' is not 1-64 letters, digits, '.', '_' or '-'");
        }

        return LoadOptionsResult.Ok(options);
    }

    private static bool IsKnown(string name) => name is "--bridge" or "--subscribe-bridge" or "--room" or "--rooms" or "--publishers" or "--subscribers"
        or "--video-kbps" or "--duration" or "--warmup" or "--connect-timeout";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    internal static partial Regex RoomName();
}
