namespace OctoMesh.Media.Bwe;

/// <summary>
/// One viewer's send-side bandwidth estimate in the manner of Google Congestion Control
/// (draft-ietf-rmcat-gcc-02, with transport-wide feedback per draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// arrival groups → trendline → overuse detector → AIMD rate, bounded by losses, raised by probes. An I/O-free
/// state machine: fed what was sent and what the receiver reported, with times, it answers the estimate and
/// whether to probe, so it runs in virtual time and in a simulated network as well as on the bridge.
/// Not thread-safe: one feedback at a time (the bridge calls it from the viewer's RTCP path under a lock).
/// </summary>
public sealed class GccEstimator
{
    /// <summary>Where a new viewer starts (libwebrtc's default too); probes find more within the first second.</summary>
    public const long DefaultStartBitrate = 300_000;
    public const long DefaultMinBitrate = 30_000;
    public const long DefaultMaxBitrate = 20_000_000;

    private readonly ArrivalGroups _groups = new();
    private readonly TrendlineEstimator _trend = new();
    private readonly OveruseDetector _detector = new();
    private readonly AcknowledgedBitrate _acknowledged = new();
    private readonly LossBasedBound _loss = new();
    private readonly AimdRateControl _rate;
    private readonly ProbeMeasurement _probeResults = new();
    private readonly ProbeController _probes;
    private double _lastGroupArrivalMs = double.NaN;
    private long _desired = DefaultMaxBitrate;

    public GccEstimator(long startBitrate = DefaultStartBitrate, long minBitrate = DefaultMinBitrate, long maxBitrate = DefaultMaxBitrate)
    {
        _rate = new AimdRateControl(startBitrate, minBitrate, maxBitrate);
        _probes = new ProbeController(_rate.Bitrate);
    }

    /// <summary>The estimate in bits per second: the delay-based rate under the loss bound.</summary>
    public long Estimate => Math.Max(_rate.MinBitrate, Math.Min(_rate.Bitrate, _loss.Bound));

    /// <summary>What the receiver got over the last half second, once known.</summary>
    public long? AcknowledgedBitrate => _acknowledged.Bitrate;

    public BandwidthUsage Usage => _detector.State;

    public double LossFraction => _loss.LastLossFraction;

    /// <summary>The round trip the additive increase scales with (from RTCP; 100 ms until measured).</summary>
    public long RoundTripUs { get; set; } = 100_000;

    /// <summary>Bytes sent in probes so far.</summary>
    public long ProbeBytes => _probes.ProbeBytes;

    /// <summary>Probe results so far, and the last one (bit/s).</summary>
    public int ProbeResults { get; private set; }

    public long LastProbeResult { get; private set; }

    /// <summary>The cluster to send now, if any; <paramref name="desired"/> is what the viewer could use (bit/s).</summary>
    public ProbeCluster? PollProbe(long desired, long nowUs)
    {
        _desired = desired;
        return _probes.Poll(Estimate, desired, nowUs);
    }

    /// <summary>The sender sent <paramref name="packets"/> packets of <paramref name="cluster"/> (fewer when it had no way to).</summary>
    public void OnProbeSent(ProbeCluster cluster, int packets) => _probeResults.Expect(cluster.Id, packets);

    /// <summary>One feedback's packets, in the order they were sent; <paramref name="nowUs"/> is when it arrived here.</summary>
    public void OnFeedback(ReadOnlySpan<PacketResult> results, long nowUs)
    {
        long probed = 0;
        var lost = 0;
        foreach (ref readonly var result in results)
        {
            if (!result.Received)
            {
                lost++;
                continue;
            }

            _acknowledged.Add(result.ReceiveTimeUs, result.Size);
            if (result.ProbeCluster != PacketResult.NoProbe && _probeResults.Add(result) is { } measured)
            {
                ProbeResults++;
                LastProbeResult = measured;
                probed = Math.Max(probed, measured);
                _probes.OnResult(result.ProbeCluster, measured, _desired);
            }

            if (_groups.TryAdd(result.SendTimeUs, result.ReceiveTimeUs, out var delayDeltaMs, out var arrivalMs))
            {
                var sinceLastGroupMs = double.IsNaN(_lastGroupArrivalMs) ? 0 : arrivalMs - _lastGroupArrivalMs;
                _lastGroupArrivalMs = arrivalMs;
                _trend.Update(delayDeltaMs, arrivalMs);
                _detector.Detect(_trend.ModifiedTrend, sinceLastGroupMs, nowUs / 1000.0);
            }
        }

        if (results.Length == 0)
        {
            return;
        }

        var sendRate = Estimate;
        _rate.Update(_detector.State, _acknowledged.Bitrate, nowUs, RoundTripUs);
        if (probed > 0 && _detector.State != BandwidthUsage.Overusing)
        {
            _rate.RaiseTo(probed, nowUs);
            _loss.RaiseTo(probed);
        }

        _loss.OnFeedback(results.Length, lost, sendRate, _rate.Bitrate, nowUs, RoundTripUs);
    }
}
