using System.Globalization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>Writes the idle-session memory report side by side, one column per server.</summary>
public static class IdleTable
{
    public static void Write(IReadOnlyDictionary<string, IdleMeasurement> results, CompareOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"compare: {options.IdleSessions} idle session(s) per server, {options.Duration.TotalSeconds:0.#} s idle, one server at a time"));
        output.WriteLine();
        CompareTable.Row(output, "", results.Keys.ToList());
        CompareTable.Row(output, "RSS, one session MiB", CompareTable.Each(results, r => r.RssBaselineMiB.ToString("0.0", c)));
        CompareTable.Row(output, "RSS, idle sessions MiB", CompareTable.Each(results, r => r.RssMiB.ToString("0.0", c)));
        CompareTable.Row(output, "RSS per idle session KiB", CompareTable.Each(results, r => r.RssPerIdleSessionKiB.ToString("0.0", c)));
        CompareTable.Row(output, "threads", CompareTable.Each(results, r => r.Threads.ToString(c)));
        CompareTable.Row(output, "CPU µs per session-second", CompareTable.Each(results, r => r.CpuMicrosecondsPerSessionSecond.ToString("0.00", c)));
    }
}
