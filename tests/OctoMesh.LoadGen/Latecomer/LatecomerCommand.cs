using System.Globalization;
using System.Text.Json;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Latecomer;

/// <summary>
/// <c>latecomer</c>: how long someone who joins a room late waits until every other person's video can be shown.
/// Prints a table, or one line of JSON with <c>--json</c>; failures are one line on <c>stderr</c> and a non-zero exit.
/// </summary>
public static class LatecomerCommand
{
    public const string Verb = "latecomer";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (options, error, help) = LatecomerOptionsParser.Parse(args);
        if (help)
        {
            await stdout.WriteLineAsync(LatecomerOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (options is null)
        {
            await stderr.WriteLineAsync($"loadgen latecomer: {error}").ConfigureAwait(false);
            await stderr.WriteLineAsync(LatecomerOptionsParser.Usage).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using var signaling = new WhipWhepSignaling(options.Bridge, options.ConnectTimeout);
        await using var subscriberSignaling = options.SubscribeBridge is { } other
            ? new WhipWhepSignaling(other, options.ConnectTimeout, waitForRelayedFeeds: true)
            : null;
        var run = new LatecomerRun(options, signaling, subscriberSignaling);
        LatecomerReport report;
        try
        {
            report = await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LoadRunException failure)
        {
            await stderr.WriteLineAsync($"loadgen latecomer: {failure.Message}").ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("loadgen latecomer: interrupted").ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        if (options.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, LoadReportJsonContext.Default.LatecomerReport)).ConfigureAwait(false);
        }
        else
        {
            Write(report, stdout);
        }

        return report.WithoutKeyframe == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
    }

    private static void Write(LatecomerReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var where = report.SubscribeBridge is null ? report.Bridge : $"{report.Bridge}, latecomers on {report.SubscribeBridge}";
        output.WriteLine(string.Create(c, $"OctoMesh latecomer: {report.Latecomers} latecomer(s) joining {report.Publishers} publisher(s) on {where}"));
        output.WriteLine(string.Create(c, $"(the publishers send a key frame every {report.PublisherKeyframeIntervalMs:0} ms, and when asked)"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"{"ms after joining",-34}{"p50",10}{"p90",10}{"max",10}"));
        Row(output, "connected to every publisher", report.ConnectedMs);
        Row(output, "first video from every publisher", report.FirstVideoMs);
        Row(output, "a key frame from every publisher", report.FirstKeyframeMs);
        Row(output, "key frame after connected", report.KeyframeAfterConnectMs);
        if (report.WithoutKeyframe > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"warning: {report.WithoutKeyframe} latecomer(s) did not get a key frame from every publisher"));
        }
    }

    private static void Row(TextWriter output, string label, LatecomerFigure figure) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-34}{figure.P50,10:0.0}{figure.P90,10:0.0}{figure.Max,10:0.0}"));
}
