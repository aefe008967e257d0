namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Exponential backoff with "equal jitter": the n-th delay is d/2 + random(0, d/2) where
/// d = min(max, initial * 2^n). Half of each delay is random so a fleet of bridges does not retry
/// in lockstep, and the other half makes delays never shrink while the outage lasts.
/// </summary>
internal sealed class RetryBackoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    /// <summary>Consecutive failures so far.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var half = ceiling / 2;
        // Whole milliseconds: Task.Delay waits whole milliseconds, and the logs announce the delay in them, so the
        // wait an operator reads is the wait that happens.
        return TimeSpan.FromMilliseconds(Math.Round(half + Random.Shared.NextDouble() * half));
    }

    /// <summary>Forgets past failures after a success.</summary>
    public void Reset() => _failures = 0;
}
