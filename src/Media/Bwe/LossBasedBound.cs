namespace OctoMesh.Media.Bwe;

/// <summary>
/// The loss-based bound of draft-ietf-rmcat-gcc-02 §6: over each report interval of at least
/// <see cref="MinPackets"/> packets, more than 10 % lost lowers the bound to rate × (1 − loss / 2), at most once per
/// 300 ms plus a round trip (the losses of one queue overflow are reported over several feedbacks and must not cut
/// the rate once each); under 2 % lets it grow by 8 % a second, and lifts it once it is well above the delay-based
/// rate; in between holds it. Loss that the queue delay did not announce (a lossy radio link, a policer) is what
/// this catches.
/// </summary>
public sealed class LossBasedBound
{
    public const int MinPackets = 20;
    public const long DecreaseIntervalUs = 300_000;
    private const double HighLoss = 0.10;
    private const double LowLoss = 0.02;
    private const double GrowthPerSecond = 1.08;

    private int _sent;
    private int _lost;
    private long _lastDecreaseUs = long.MinValue;
    private long _lastUpdateUs = long.MinValue;

    /// <summary>The bound in bits per second; <see cref="long.MaxValue"/> while losses do not limit.</summary>
    public long Bound { get; private set; } = long.MaxValue;

    /// <summary>The loss fraction of the last complete interval.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>Count one feedback's packets; at the end of an interval, update the bound.</summary>
    /// <param name="sendRate">What the sender sends now (the estimate in force).</param>
    /// <param name="delayBasedRate">The delay-based rate, which a bound well above it no longer limits.</param>
    public void OnFeedback(int reported, int lost, long sendRate, long delayBasedRate, long nowUs, long roundTripUs)
    {
        _sent += reported;
        _lost += lost;
        if (_sent < MinPackets)
        {
            return;
        }

        var loss = (double)_lost / _sent;
        LastLossFraction = loss;
        _sent = 0;
        _lost = 0;
        var sinceUpdateS = _lastUpdateUs == long.MinValue ? 0 : Math.Min(nowUs - _lastUpdateUs, 1_000_000) / 1e6;
        _lastUpdateUs = nowUs;
        if (loss > HighLoss)
        {
            if (_lastDecreaseUs == long.MinValue || nowUs - _lastDecreaseUs >= DecreaseIntervalUs + roundTripUs)
            {
                _lastDecreaseUs = nowUs;
                Bound = (long)(Math.Min(Bound, sendRate) * (1 - (loss / 2)));
            }
        }
        else if (loss < LowLoss && Bound != long.MaxValue)
        {
            Bound = Bound > 2 * delayBasedRate ? long.MaxValue : (long)(Bound * Math.Pow(GrowthPerSecond, sinceUpdateS)) + 1000;
        }
    }

    /// <summary>A probe arrived whole at <paramref name="bitrate"/>: losses do not limit below it.</summary>
    public void RaiseTo(long bitrate)
    {
        if (Bound != long.MaxValue && bitrate > Bound)
        {
            Bound = bitrate;
        }
    }
}
