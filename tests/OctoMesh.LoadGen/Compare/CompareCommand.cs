using System.Text.Json;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// <c>compare</c>: runs the same load against each server in turn (OctoMesh's bridge, Janus), one at a time,
/// each stopped before the next starts, and prints the side-by-side result. With <c>--json</c>:
/// <c>{"octomesh":{...},"janus":{...}}</c> on one line on stdout and the table on stderr; without, the table on
/// stdout. Progress lines go to stderr, failures are one line on stderr with exit code 1 (2 for bad options).
/// </summary>
public static class CompareCommand
{
    public const string Verb = "compare";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var parsed = CompareOptionsParser.Parse(args);
        if (parsed.HelpRequested)
        {
            await stdout.WriteLineAsync(CompareOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (parsed.Options is not { } options)
        {
            await stderr.WriteLineAsync($"loadgen: {parsed.Error}").ConfigureAwait(false);
            await stderr.WriteLineAsync(CompareOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (options.IdleSessions is { } idle)
        {
            var idleResults = await MeasureEachAsync(options, stderr, $"{idle} idle session(s), {options.Duration.TotalSeconds:0.#} s idle",
                run => IdleSessionBenchmark.RunAsync(run.Server, options, idle, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (idleResults is null)
            {
                return ExitCodes.RunFailed;
            }

            if (options.Json)
            {
                IdleTable.Write(idleResults, options, stderr);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(idleResults, CompareJsonContext.Default.OrderedDictionaryStringIdleMeasurement)).ConfigureAwait(false);
            }
            else
            {
                IdleTable.Write(idleResults, options, stdout);
            }

            return ExitCodes.Success;
        }

        var results = await MeasureEachAsync(options, stderr,
            $"{options.ScenarioPublishers} publisher(s), {options.ScenarioSubscribers} subscriber(s), {options.Duration.TotalSeconds:0.#} s",
            run => ServerBenchmark.RunAsync(run.Server, options, run.Simulcast, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (results is null)
        {
            return ExitCodes.RunFailed;
        }

        if (options.Json)
        {
            CompareTable.Write(results, options, stderr);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(results, CompareJsonContext.Default.OrderedDictionaryStringServerMeasurement)).ConfigureAwait(false);
        }
        else
        {
            CompareTable.Write(results, options, stdout);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Measures each run in turn (each server, once per simulcast setting, a fresh server process each time); null
    /// (after one line on stderr) when one fails or nothing was measured. An interruption reports the runs measured so far.
    /// </summary>
    private static async Task<OrderedDictionary<string, T>?> MeasureEachAsync<T>(
        CompareOptions options, TextWriter stderr, string scenario, Func<CompareRun, Task<T>> measure, CancellationToken cancellationToken)
    {
        var results = new OrderedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var run in options.Runs)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var publishing = run.Simulcast ? ", simulcast publishers (q/h/f)" : "";
            await stderr.WriteLineAsync($"compare: {run.Key}: starting, {scenario}{publishing}").ConfigureAwait(false);
            try
            {
                results[run.Key] = await measure(run).ConfigureAwait(false);
            }
            catch (LoadRunException error)
            {
                await stderr.WriteLineAsync($"loadgen: {run.Key}: {error.Message}").ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync($"loadgen: {run.Key}: interrupted").ConfigureAwait(false);
                return null;
            }
        }

        if (results.Count == 0)
        {
            await stderr.WriteLineAsync("loadgen: interrupted before any server was measured").ConfigureAwait(false);
            return null;
        }

        return results;
    }
}
