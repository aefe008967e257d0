using System.Diagnostics;

namespace OctoMesh.LoadGen;

/// <summary>
/// One loop for every publisher of the process: every millisecond it lets each publisher send what its own
/// schedule says is due, so packets leave within about a millisecond of their nominal time (a coarser tick
/// shows up as jitter in the subscribers' figures) at the cost of one timer for the whole process rather
/// than one per publisher.
/// </summary>
public sealed class PublisherPacer : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private LoadPublisher[] _publishers = [];
    private Task? _loop;

    /// <summary>Starts <paramref name="publisher"/>'s schedule now and paces it from the next tick.</summary>
    public void Add(LoadPublisher publisher)
    {
        publisher.Start(Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _publishers = [.. _publishers, publisher];
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Stops every publisher and waits for the loop to end.</summary>
    public async Task StopAsync()
    {
        foreach (var publisher in Volatile.Read(ref _publishers))
        {
            publisher.Stop();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        do
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var publisher in Volatile.Read(ref _publishers))
            {
                publisher.SendDue(now);
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
