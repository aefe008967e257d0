using System.Text.Json;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen;

/// <summary>
/// The command line: parse the options, run the load, print the report (table, or one line of JSON with
/// <c>--json</c>) on <c>stdout</c>, and any failure as one line on <c>stderr</c> with a non-zero exit code.
/// Tests call <see cref="RunAsync"/> in-process.
/// </summary>
public static class LoadGenCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var parsed = LoadOptionsParser.Parse(args);
        if (parsed.HelpRequested)
        {
            await stdout.WriteLineAsync(LoadOptionsParser.Usage).ConfigureAwait(false);
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
