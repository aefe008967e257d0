using System.Text.Json;
using OctoMesh.LoadGen.Compare;
using OctoMesh.LoadGen.Latecomer;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen;

/// <summary>
/// The command line: parse the options, run the load, print the report (table, or one line of JSON with
/// <c>--json</c>) on <c>stdout</c>, and any failure as one line on <c>stderr</c> with a non-zero exit code.
/// <c>compare</c> as the first argument runs <see cref="CompareCommand"/> instead, <c>latecomer</c> <see cref="LatecomerCommand"/>. Tests call <see cref="RunAsync"/> in-process.
/// </summary>
public static class LoadGenCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == CompareCommand.Verb)
        {
            return await CompareCommand.RunAsync(args[1..], stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == LatecomerCommand.Verb)
        {
            return await LatecomerCommand.RunAsync(args[1..], stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        var parsed = LoadOptionsParser.Parse(args);
        if (parsed.HelpRequested)
        {
            await stdout.WriteLineAsync(LoadOptionsParser.Usage).ConfigureAwait(false);
            await stdout.WriteLineAsync(CompareOptionsParser.Usage).ConfigureAwait(false);
            await stdout.WriteLineAsync(LatecomerOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (parsed.Options is not { } options)
        {
            await stderr.WriteLineAsync($"loadgen: {parsed.Error}").ConfigureAwait(false);
            await stderr.WriteLineAsync(LoadOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        LoadReport report;
        await using var signaling = new WhipWhepSignaling(options.Bridge, options.ConnectTimeout);
        await using var subscriberSignaling = options.SubscribeBridge is { } other
            ? new WhipWhepSignaling(other, options.ConnectTimeout, waitForRelayedFeeds: true)
            : null;
        var run = new LoadRun(options, signaling, subscriberSignaling);
        try
        {
            report = await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LoadRunException error)
        {
            await stderr.WriteLineAsync($"loadgen: {error.Message}").ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("loadgen: interrupted while connecting").ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        if (options.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, LoadReportJsonContext.Default.LoadReport)).ConfigureAwait(false);
        }
        else
        {
            LoadReportTable.Write(report, stdout);
        }

        return ExitCodes.Success;
    }
}
