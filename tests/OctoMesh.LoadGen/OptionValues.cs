using System.Globalization;

namespace OctoMesh.LoadGen;

/// <summary>
/// Reads the values of the load generator's options (plain runs and <c>compare</c>): null when the value is
/// good, else the one-line error an operator can act on.
/// </summary>
public static class OptionValues
{
    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static string? ReadCount(string name, string value, int minimum, int maximum, out int count)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= minimum && count <= maximum)
        {
            return null;
        }

        return $"{name} '{value}' is not a whole number between {minimum} and {maximum}";
    }

    /// <summary>A number of seconds above 0 (or 0 itself with <paramref name="allowZero"/>), at most a day.</summary>
    public static string? ReadSeconds(string name, string value, out TimeSpan duration, bool allowZero = false)
    {
        duration = TimeSpan.Zero;
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || (seconds == 0 && !allowZero) || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            return $"{name} '{value}' is not a number of seconds between 0 and 86400";
        }

        duration = TimeSpan.FromSeconds(seconds);
        return null;
    }

    /// <summary>An http:// or https:// base address without a query (a trailing '/' is added when missing).</summary>
    public static string? ReadBaseAddress(string name, string value, out Uri address)
    {
        if (Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out address!)
            && address.Scheme is "http" or "https" && address.Query.Length == 0)
        {
            return null;
        }

        address = new LoadOptions().Bridge;
        return $"{name} '{value}' is not an http:// or https:// base address";
    }

    /// <summary>The option that switches simulcast publishers on.</summary>
    public const string SimulcastOption = "--simulcast";

    /// <summary>
    /// <c>--simulcast</c> at <paramref name="index"/>, with an optional value: alone it means <c>on</c>; <c>on</c>, <c>off</c>
    /// and, where <paramref name="allowBoth"/>, <c>both</c> may follow it (and are then consumed: <paramref name="index"/>
    /// moves past them). Anything else after it is the next option.
    /// </summary>
    public static string? ReadSimulcast(IReadOnlyList<string> args, ref int index, bool allowBoth, out SimulcastMode mode)
    {
        mode = SimulcastMode.On;
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var value = args[++index];
        switch (value)
        {
            case "on":
                return null;
            case "off":
                mode = SimulcastMode.Off;
                return null;
            case "both" when allowBoth:
                mode = SimulcastMode.Both;
                return null;
            default:
                return allowBoth
                    ? $"{SimulcastOption} '{value}' is not on, off or both"
                    : $"{SimulcastOption} '{value}' is not on or off{(value == "both" ? " (both is for compare)" : "")}";
        }
    }
}
