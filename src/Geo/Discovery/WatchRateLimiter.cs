namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Token bucket with a burst of two, as Consul's blocking-query guidance recommends ("Rate limit":
/// the happy case proceeds without waiting; a result that churns quickly degrades into polling at the
/// refill rate instead of a busy loop).
/// </summary>
internal sealed class WatchRateLimiter(TimeSpan refillInterval, TimeProvider time)
{
    private const double Burst = 2;
    private double _tokens = Burst;
    private long _lastRefill = time.GetTimestamp();

    /// <summary>How long to wait before the next request may go out (zero when a token is free); takes the token.</summary>
    public TimeSpan Take()
    {
        if (refillInterval <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var now = time.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + time.GetElapsedTime(_lastRefill, now) / refillInterval);
        _lastRefill = now;
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : refillInterval * -_tokens;
    }
}
