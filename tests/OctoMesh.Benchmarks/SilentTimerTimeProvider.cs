namespace OctoMesh.Benchmarks;

/// <summary>
/// The system clock with timers that never fire. The media server's once-a-second consent sweep
/// snapshots its transport table (an allocation on a pool thread); BenchmarkDotNet's MemoryDiagnoser
/// counts every thread's allocations, so the sweep would show up as a byte or so per forwarded packet
/// that the forwarding path does not allocate. A benchmark sends no ICE checks, so nothing is lost.
/// </summary>
internal sealed class SilentTimerTimeProvider : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new SilentTimer();

    private sealed class SilentTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() { }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
