using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OctoMesh.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (virtual time: nothing moves until <see cref="FakeTimeProvider.Advance"/>) that
/// also records the due time of every timer the code under test creates (a <c>Task.Delay(delay, time)</c> is one)
/// and counts the timers that fired. A test waits until the code has started its wait, reads how long it asked
/// for, and advances to one tick before it (nothing may fire) and then to it (it must fire): a timer that is a
/// millisecond early or late fails.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private int _fired;

    /// <summary>The due time of each timer created so far, in order of creation.</summary>
    public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

    /// <summary>How many timer callbacks have run.</summary>
    public int TimersFired => Volatile.Read(ref _fired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(s =>
        {
            Interlocked.Increment(ref _fired);
            callback(s);
        }, state, dueTime, period);
        // Recorded once the timer is armed, so a test that saw it may advance time past it at once.
        _dueTimes.Enqueue(dueTime);
        return timer;
    }
}
