namespace OctoMesh.Media.Bwe;

/// <summary>
/// When to probe and how hard (in the manner of libwebrtc's probe controller): at the start, clusters at 3 and 6
/// times the start rate; after a probe that arrived at most of its rate, one at twice what it showed, while the
/// viewer could use more; as soon as the viewer wants clearly more than at the last probe (at most every
/// <see cref="DemandIncreaseIntervalUs"/>); and every <see cref="PeriodicIntervalUs"/> while the estimate stays below what the viewer
/// could use (an SFU sends whole layers, so without probes an estimate between two layers would never learn that
/// the next one fits). A cluster aims up to <see cref="Headroom"/> over what the viewer could use: what a probe
/// measures falls a little short of what was sent (a pacer's late ticks spread it), and a probe that showed just the
/// demand would leave an estimate that the next layer, with its upgrade margin and its bitrate's wobble, never clearly
/// fits. One cluster at a time, given up after <see cref="ResultTimeoutUs"/>.
/// </summary>
public sealed class ProbeController(long startBitrate)
{
    public const long PeriodicIntervalUs = 5_000_000;
    public const long ResultTimeoutUs = 1_000_000;
    public const long DemandIncreaseIntervalUs = 1_000_000;
    public const double Headroom = 1.1;
    private const double ExponentialThreshold = 0.7;
    private const int MaxDemandStep = 4;

    private readonly Queue<long> _planned = new([3 * startBitrate, 6 * startBitrate]);
    private int _nextId;
    private int _inFlight = -1;
    private long _inFlightBitrate;
    private long _sentAtUs;
    private long _lastProbeUs = long.MinValue;
    private long _desiredAtLastProbe;

    /// <summary>Bytes sent in probes so far.</summary>
    public long ProbeBytes { get; private set; }

    /// <summary>The cluster to send now, or null. <paramref name="desired"/> is what the viewer could use.</summary>
    public ProbeCluster? Poll(long estimate, long desired, long nowUs)
    {
        if (_inFlight >= 0 && nowUs - _sentAtUs < ResultTimeoutUs)
        {
            return null;
        }

        _inFlight = -1;
        if (estimate >= desired)
        {
            // Nothing more to find out now; the planned probes wait for a viewer that wants more.
            return null;
        }

        // The planned (start-up and exponential) probes that still aim above the estimate; then a periodic one, or one as
        // soon as the viewer wants clearly more than when last probed (a pin lifted, a layer started): up to what it wants.
        while (_planned.Count > 0 && _planned.Peek() <= estimate)
        {
            _planned.Dequeue();
        }

        var sinceLastUs = _lastProbeUs == long.MinValue ? long.MaxValue : nowUs - _lastProbeUs;
        long bitrate;
        if (_planned.Count > 0)
        {
            bitrate = _planned.Dequeue();
        }
        else if (sinceLastUs >= PeriodicIntervalUs)
        {
            bitrate = 2 * estimate;
        }
        else if (desired > _desiredAtLastProbe * 1.2 && sinceLastUs >= DemandIncreaseIntervalUs)
        {
            bitrate = Math.Min((long)(desired * Headroom), MaxDemandStep * estimate);
        }
        else
        {
            return null;
        }

        var cluster = new ProbeCluster(_nextId++, Math.Min(bitrate, (long)(desired * Headroom)));
        _inFlight = cluster.Id;
        _inFlightBitrate = cluster.Bitrate;
        _sentAtUs = nowUs;
        _lastProbeUs = nowUs;
        _desiredAtLastProbe = desired;
        ProbeBytes += cluster.Bytes;
        return cluster;
    }

    /// <summary>The in-flight cluster measured <paramref name="bitrate"/>: probe further if it nearly all fitted.</summary>
    public void OnResult(int id, long bitrate, long desired)
    {
        if (id != _inFlight)
        {
            return;
        }

        _inFlight = -1;
        if (_planned.Count == 0 && bitrate >= ExponentialThreshold * _inFlightBitrate && bitrate < desired)
        {
            _planned.Enqueue(2 * bitrate);
        }
    }
}
