namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>
/// Virtual time: nothing moves until <see cref="Advance"/>, which then runs every timer that
/// fell due (once per call, periodic ones rescheduled) on the calling thread.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private long elapsedTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref elapsedTicks);

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref elapsedTicks));

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due = [];
        lock (gate)
        {
            Interlocked.Add(ref elapsedTicks, by.Ticks);
            foreach (ManualTimer timer in timers)
            {
                if (timer.DueAt is { } at && at <= elapsedTicks)
                {
                    timer.DueAt = timer.Period > TimeSpan.Zero ? elapsedTicks + timer.Period.Ticks : null;
                    due.Add(timer);
                }
            }
        }
        foreach (ManualTimer timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ManualTimer timer = new(this, callback, state);
        timer.Change(dueTime, period);
        lock (gate)
        {
            timers.Add(timer);
        }
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetTimestamp() + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
