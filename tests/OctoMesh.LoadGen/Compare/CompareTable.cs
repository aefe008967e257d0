using System.Globalization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>Writes the compare report as a side-by-side table, one column per server.</summary>
public static class CompareTable
{
    private const int NameWidth = 26;
    // Wide enough for "octomesh-simulcast" and "octomesh-relay-simulcast" (the widest run key) with a gap.
    private const int ColumnWidth = 26;

    public static void Write(IReadOnlyDictionary<string, ServerMeasurement> results, CompareOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var scenario = options.RoomSize is { } people
            ? $"a {people}-person video room ({people} publishers, {options.ScenarioSubscribers} subscriptions)"
            : $"{options.Publishers} publisher(s) -> {options.Subscribers} subscriber(s)";
        output.WriteLine(string.Create(c, $"compare: {scenario}, {options.Duration.TotalSeconds:0.#} s each, one server at a time"));
        output.WriteLine();
        var servers = results.Keys.ToList();
        Row(output, "", servers);
        Row(output, "forwarded packets", Each(results, r => r.ForwardedPackets.ToString("N0", c)));
        Row(output, "packets/s", Each(results, r => r.PacketsPerSecond.ToString("N0", c)));
        Row(output, "throughput Mbit/s", Each(results, r => r.ThroughputMbps.ToString("0.00", c)));
        Row(output, "server CPU s", Each(results, r => r.CpuSeconds.ToString("0.000", c)));
        Row(output, "server CPU % (of a core)", Each(results, r => r.CpuPercent.ToString("0.0", c)));
        Row(output, "packets per CPU-second", Each(results, r => r.PacketsPerCpuSecond.ToString("N0", c)));
        Row(output, "CPU µs per packet", Each(results, r => r.CpuMicrosecondsPerPacket.ToString("0.00", c)));
        Row(output, "loss %", Each(results, r => r.LossPercent.ToString("0.000", c)));
        Row(output, "jitter ms", Each(results, r => r.JitterMs.ToString("0.000", c)));
        Row(output, "delay p50 ms", Each(results, r => r.DelayP50Ms.ToString("0.000", c)));
        Row(output, "delay p99 ms", Each(results, r => r.DelayP99Ms.ToString("0.000", c)));
        Row(output, "delay max ms", Each(results, r => r.DelayMaxMs.ToString("0.000", c)));
        Row(output, "server RSS MiB", Each(results, r => r.RssMiB.ToString("0.0", c)));
        Row(output, "load generator CPU %", Each(results, r => r.LoadGenCpuPercent.ToString("0.0", c)));
        Row(output, "connect s", Each(results, r => r.ConnectSeconds.ToString("0.00", c)));
        if (results.Values.Any(r => r.Simulcast))
        {
            Row(output, "video received", Each(results, r => DescribeSizes(r.VideoSizes)));
            WriteSimulcastRatios(results, output);
        }

        foreach (var (server, result) in results.Where(r => r.Value.SubscribersWithoutMedia > 0))
        {
            output.WriteLine(string.Create(c, $"warning: {result.SubscribersWithoutMedia} subscriber(s) received no media from {server}"));
        }
    }

    // "1280x720 x50"; several sizes joined by "+".
    private static string DescribeSizes(IReadOnlyDictionary<string, int> sizes) =>
        sizes.Count == 0 ? "no key frame" : string.Join(" + ", sizes.Select(size => string.Create(CultureInfo.InvariantCulture, $"{size.Key} x{size.Value}")));

    /// <summary>For each server measured both ways: simulcast's packets per CPU-second against the single stream's.</summary>
    private static void WriteSimulcastRatios(IReadOnlyDictionary<string, ServerMeasurement> results, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (key, simulcast) in results.Where(r => r.Value.Simulcast))
        {
            var server = key[..^CompareRun.SimulcastSuffix.Length];
            if (results.TryGetValue(server, out var single) && single.PacketsPerCpuSecond > 0)
            {
                var change = 100 * (simulcast.PacketsPerCpuSecond - single.PacketsPerCpuSecond) / single.PacketsPerCpuSecond;
                output.WriteLine(string.Create(c,
                    $"{server}: simulcast {simulcast.PacketsPerCpuSecond:N0} vs one stream {single.PacketsPerCpuSecond:N0} packets per CPU-second ({change:+0.0;-0.0;0.0} %)"));
            }
        }
    }

    internal static List<string> Each<T>(IReadOnlyDictionary<string, T> results, Func<T, string> format) =>
        results.Values.Select(format).ToList();

    internal static void Row(TextWriter output, string name, IReadOnlyList<string> cells) =>
        output.WriteLine((name.PadRight(NameWidth) + string.Concat(cells.Select(cell => cell.PadLeft(ColumnWidth)))).TrimEnd());
}
