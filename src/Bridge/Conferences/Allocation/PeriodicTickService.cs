namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// A background service that runs <see cref="Tick"/> every interval on the bridge's clock. A failing tick is
/// logged and the next one runs: one bad round (a bug) must not end the service for the bridge's life nor, by the
/// host's default for a failed background service, stop the bridge.
/// </summary>
public abstract partial class PeriodicTickService(TimeSpan interval, TimeProvider time, ILogger logger, string name) : BackgroundService
{
    /// <summary>The bridge's clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One round (public for virtual-time tests).</summary>
    public abstract void Tick();

    /// <summary>Drop what a failed round may have left half done.</summary>
    protected virtual void OnTickFailed()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Tick();
            }
            catch (Exception exception)
            {
                OnTickFailed();
                Log.TickFailed(logger, name, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Error, "{Service}: a tick failed; the next one runs as usual")]
        public static partial void TickFailed(ILogger logger, string service, Exception exception);
    }
}
