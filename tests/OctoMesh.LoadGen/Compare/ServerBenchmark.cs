namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// Runs <c>compare</c>'s load against one server: start it, connect the clients through its signalling, sample
/// the server's and this process's CPU time when the measurement window opens and closes (so DTLS handshakes
/// are not counted), disconnect everyone, stop the server.
/// </summary>
public static class ServerBenchmark
{
    /// <summary>Measures <paramref name="serverName"/>, its publishers sending simulcast layers when <paramref name="simulcast"/>.</summary>
    public static async Task<ServerMeasurement> RunAsync(string serverName, CompareOptions options, bool simulcast, CancellationToken cancellationToken)
    {
        await using var server = await SfuServers.StartAsync(serverName, options, cancellationToken).ConfigureAwait(false);
        await using var signaling = server.CreateSignaling(options.ConnectTimeout);
        await using var subscriberSignaling = server.CreateSubscriberSignaling(options.ConnectTimeout);
        var window = new MeasurementWindow(server.ProcessId);
        var run = new LoadRun(options.ToLoadOptions(simulcast), signaling, subscriberSignaling);
        run.MeasurementStarted += window.Open;
        run.MeasurementEnded += window.Close;
        LoadReport report;
        try
        {
            report = await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new LoadRunException("interrupted while connecting");
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        return Measure(report, window, server, options);
    }

    private static ServerMeasurement Measure(LoadReport report, MeasurementWindow window, ISfuServer server, CompareOptions options)
    {
        if (window.Server is not { } serverUsage)
        {
            throw new LoadRunException($"{server.Name} (pid {server.ProcessId}) exited during the measurement window");
        }

        var cpu = serverUsage.CpuSeconds;
        var seconds = window.Seconds;
        return new ServerMeasurement
        {
            Publishers = report.Publishers,
            Subscribers = report.Subscribers,
            RoomSize = options.RoomSize,
            DurationSeconds = report.DurationSeconds,
            CpuWindowSeconds = Math.Round(seconds, 3),
            ConnectSeconds = report.ConnectSeconds,
            PacketsSent = report.PacketsSent,
            ForwardedPackets = report.PacketsReceived,
            PacketsPerSecond = report.PacketsPerSecond,
            ThroughputMbps = report.ThroughputMbps,
            CpuSeconds = Math.Round(cpu, 3),
            CpuPercent = seconds > 0 ? Math.Round(100 * cpu / seconds, 1) : 0,
            PacketsPerCpuSecond = cpu > 0 ? Math.Round(report.PacketsReceived / cpu, 0) : 0,
            CpuMicrosecondsPerPacket = report.PacketsReceived > 0 ? Math.Round(cpu * 1e6 / report.PacketsReceived, 3) : 0,
            LossPercent = report.LossPercent,
            PacketsLost = report.PacketsLost,
            JitterMs = report.JitterMs,
            DelayP50Ms = report.DelayP50Ms,
            DelayP99Ms = report.DelayP99Ms,
            DelayMaxMs = report.DelayMaxMs,
            DelaySamples = report.DelaySamples,
            RssMiB = Math.Round(window.ServerResidentMiB, 1),
            SubscribersWithoutMedia = report.SubscribersWithoutMedia,
            Simulcast = report.Simulcast,
            VideoSizes = report.VideoSizes,
            LoadGenCpuSeconds = Math.Round(window.LoadGen?.CpuSeconds ?? 0, 3),
            LoadGenCpuPercent = seconds > 0 ? Math.Round(100 * (window.LoadGen?.CpuSeconds ?? 0) / seconds, 1) : 0,
        };
    }
}
