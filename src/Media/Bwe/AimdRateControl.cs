namespace OctoMesh.Media.Bwe;

/// <summary>
/// The delay-based rate (draft-ietf-rmcat-gcc-02 §5.5): additive-increase, multiplicative-decrease driven by the
/// overuse detector. Overuse sets the rate to <see cref="Beta"/> times what the receiver just got, and remembers
/// that as the link's capacity; normal use grows it, by 8 % a second while the capacity is unknown, by about a
/// packet per response time near it; underuse holds it while the queue drains. Growth is capped at 1.5 times the
/// acknowledged rate, so a sender that does not fill its estimate does not inflate it.
/// </summary>
public sealed class AimdRateControl(long startBitrate, long minBitrate, long maxBitrate)
{
    public const double Beta = 0.85;
    private const double MultiplicativeGainPerSecond = 1.08;
    private const int ExpectedPacketBits = 1200 * 8;
    private const long ResponseTimeExtraUs = 100_000;

    private readonly LinkCapacity _capacity = new();
    private RateControlState _state = RateControlState.Hold;
    private long _lastChangeUs = long.MinValue;
    private long _lastDecreaseUs = long.MinValue / 2;

    public long Bitrate { get; private set; } = Math.Clamp(startBitrate, minBitrate, maxBitrate);

    public long MinBitrate => minBitrate;

    public long MaxBitrate => maxBitrate;

    /// <summary>One step with the detector's verdict at <paramref name="nowUs"/>; returns the new rate.</summary>
    public long Update(BandwidthUsage usage, long? acknowledged, long nowUs, long roundTripUs)
    {
        if (_lastChangeUs == long.MinValue)
        {
            _lastChangeUs = nowUs;
        }

        // One overuse is reported by several feedbacks: decrease again only after a round trip (at most 200 ms) has
        // shown whether the last decrease was enough, or at once if the receiver gets less than half the rate.
        var decreasedRecently = nowUs - _lastDecreaseUs < Math.Clamp(roundTripUs, 10_000, 200_000)
            && (acknowledged is not { } got || got >= Bitrate / 2);
        _state = (usage, _state) switch
        {
            (BandwidthUsage.Overusing, _) when decreasedRecently => RateControlState.Hold,
            (BandwidthUsage.Overusing, _) => RateControlState.Decrease,
            (BandwidthUsage.Underusing, _) => RateControlState.Hold,
            (BandwidthUsage.Normal, RateControlState.Hold or RateControlState.Decrease) => RateControlState.Increase,
            _ => _state,
        };

        var rate = Bitrate;
        switch (_state)
        {
            case RateControlState.Increase:
                if (acknowledged is { } seen && _capacity.IsBelow(seen))
                {
                    // Well above what was the capacity: the path changed; find it again quickly.
                    _capacity.Reset();
                }

                var elapsedS = Math.Min(nowUs - _lastChangeUs, 1_000_000) / 1e6;
                rate = _capacity.IsNear(rate)
                    ? rate + Math.Max(1000, (long)(ExpectedPacketBits / ((roundTripUs + ResponseTimeExtraUs) / 1e6) * elapsedS))
                    : (long)(rate * Math.Pow(MultiplicativeGainPerSecond, elapsedS)) + 1000;
                if (acknowledged is { } cap)
                {
                    rate = Math.Min(rate, Math.Max(Bitrate, (long)(1.5 * cap) + 10_000));
                }

                break;
            case RateControlState.Decrease:
                var basis = acknowledged ?? rate;
                var decreased = (long)(Beta * basis);
                if (decreased < rate)
                {
                    rate = decreased;
                }

                if (acknowledged is { } seenAtDecrease)
                {
                    _capacity.OnDecrease(seenAtDecrease);
                }

                _lastDecreaseUs = nowUs;
                _state = RateControlState.Hold;
                break;
        }

        _lastChangeUs = nowUs;
        Bitrate = Math.Clamp(rate, minBitrate, maxBitrate);
        return Bitrate;
    }

    /// <summary>A probe showed more fits: jump to it (the probe measured it; AIMD would take seconds to get there).</summary>
    public void RaiseTo(long bitrate, long nowUs)
    {
        if (bitrate > Bitrate)
        {
            Bitrate = Math.Clamp(bitrate, minBitrate, maxBitrate);
            _lastChangeUs = nowUs;
        }
    }

    /// <summary>A bound from elsewhere (losses): never above it.</summary>
    public void LowerTo(long bitrate) => Bitrate = Math.Clamp(Math.Min(Bitrate, bitrate), minBitrate, maxBitrate);

    private enum RateControlState
    {
        Hold,
        Increase,
        Decrease,
    }

    /// <summary>The acknowledged rates seen at decreases: their mean and spread (in the manner of libwebrtc's link capacity).</summary>
    private sealed class LinkCapacity
    {
        private double _meanKbps = double.NaN;
        private double _varianceKbps = 0.4;

        public void OnDecrease(long acknowledged)
        {
            var kbps = acknowledged / 1000.0;
            if (double.IsNaN(_meanKbps))
            {
                _meanKbps = kbps;
                return;
            }

            const double alpha = 0.05;
            _meanKbps = ((1 - alpha) * _meanKbps) + (alpha * kbps);
            var norm = Math.Max(_meanKbps, 1.0);
            _varianceKbps = Math.Clamp(((1 - alpha) * _varianceKbps) + (alpha * (_meanKbps - kbps) * (_meanKbps - kbps) / norm), 0.4, 2.5);
        }

        public bool IsNear(long bitrate) => !double.IsNaN(_meanKbps) && bitrate / 1000.0 <= _meanKbps + (3 * Deviation());

        public bool IsBelow(long acknowledged) => !double.IsNaN(_meanKbps) && acknowledged / 1000.0 > _meanKbps + (3 * Deviation());

        public void Reset() => _meanKbps = double.NaN;

        private double Deviation() => Math.Sqrt(_varianceKbps * _meanKbps);
    }
}
