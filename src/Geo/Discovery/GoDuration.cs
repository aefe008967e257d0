using System.Globalization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Durations in the form Consul reads them (Go's <c>time.ParseDuration</c>: "15s", "1m", "250ms",
/// "1m30s"), used for TTL, DeregisterCriticalServiceAfter and the blocking-query <c>wait</c>.
/// </summary>
internal static class GoDuration
{
    /// <summary>Whole seconds as "Ns", anything finer as "Nms".</summary>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)Math.Ceiling(value.TotalMilliseconds);
        return milliseconds % 1000 == 0
            ? (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>Parses a sequence of number+unit pairs (ns, us, ms, s, m, h); false on anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }
        if (text == "0")
        {
            return true;
        }
        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }
            double? scale = text.AsSpan(unitStart, i - unitStart) switch
            {
                "ns" => 1e-6,
                "us" or "µs" => 1e-3,
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }
            total += number * scale.Value;
        }
        value = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
