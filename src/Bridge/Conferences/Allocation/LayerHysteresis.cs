namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// Per down track: when it may go up again. Down happens at once; up only after the higher layer has fitted
/// (with <see cref="UpgradeMargin"/>) for a hold time that doubles after each downgrade that follows an
/// upgrade (5 s, 10 s, … 60 s between layers) and relaxes after a quiet spell as long as the longest hold, so a
/// link that sits between two layers switches at most about twice a minute. A downgrade to less than
/// <see cref="CollapseShare"/> of what was sent is a link that changed, not one between two layers: it starts the
/// hold over from the initial time, so a start-up ramp that overshot does not lengthen the way back up after a
/// congested spell.
/// </summary>
public sealed class LayerHysteresis(TimeSpan initialHold, TimeSpan maxHold)
{
    /// <summary>A higher layer fits only if its bitrate times this is within the budget.</summary>
    public const double UpgradeMargin = 1.15;

    /// <summary>
    /// A budget below this share of the bitrate being left is a collapse (a capped or congested link: GCC's
    /// multiplicative decrease is to 0.85 of the acknowledged rate, draft-ietf-rmcat-gcc-02 §5.5), never the
    /// estimate wavering around a layer's bitrate.
    /// </summary>
    public const double CollapseShare = 0.5;

    public static readonly TimeSpan InitialHold = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Temporal layers inside a stream: a frame rate change needs no keyframe and shows less than a new picture size,
    /// so it comes back sooner (1 s, doubling to 8 s).
    /// </summary>
    public static readonly TimeSpan TemporalInitialHold = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="TemporalInitialHold"/>
    public static readonly TimeSpan TemporalMaxHold = TimeSpan.FromSeconds(8);

    private readonly TimeSpan _initialHold = initialHold;
    private readonly TimeSpan _maxHold = maxHold;
    private TimeSpan _hold = initialHold;

    /// <summary>Between layers: 5 s, doubling to 60 s.</summary>
    public LayerHysteresis()
        : this(InitialHold, MaxHold)
    {
    }
    private long _fitsSince;
    private long _lastDowngrade;
    private bool _upgradedSinceDowngrade = true;

    /// <summary>
    /// Record a downgrade decision at <paramref name="now"/>, made with <paramref name="budget"/> left for a choice that
    /// carried <paramref name="leftBitrate"/>.
    /// </summary>
    public void OnDowngrade(long now, TimeProvider time, long budget, long leftBitrate)
    {
        if (budget < leftBitrate * CollapseShare)
        {
            _hold = _initialHold;
        }
        else if (_upgradedSinceDowngrade && _lastDowngrade != 0 && time.GetElapsedTime(_lastDowngrade, now) < _maxHold)
        {
            _hold = TimeSpan.FromTicks(Math.Min(_hold.Ticks * 2, _maxHold.Ticks));
        }

        _lastDowngrade = now;
        _upgradedSinceDowngrade = false;
        _fitsSince = 0;
    }

    /// <summary>True when the higher layer that fits now has fitted long enough to switch up.</summary>
    public bool MayUpgrade(long now, TimeProvider time)
    {
        if (_fitsSince == 0)
        {
            _fitsSince = now;
        }

        if (_lastDowngrade != 0 && time.GetElapsedTime(_lastDowngrade, now) > _maxHold + _hold)
        {
            _hold = _initialHold;
        }

        var sinceDowngrade = _lastDowngrade == 0 ? TimeSpan.MaxValue : time.GetElapsedTime(_lastDowngrade, now);
        if (time.GetElapsedTime(_fitsSince, now) < (_lastDowngrade == 0 ? TimeSpan.Zero : _hold) || sinceDowngrade < _hold)
        {
            return false;
        }

        _upgradedSinceDowngrade = true;
        _fitsSince = 0;
        return true;
    }

    /// <summary>Nothing higher fits: the stability clock restarts.</summary>
    public void OnNoUpgrade() => _fitsSince = 0;

    /// <summary>
    /// The viewer asked for something else (a pin, a cap, DELETE): the damping of bandwidth flapping starts over, so the
    /// next higher layer goes up as soon as it fits with the margin.
    /// </summary>
    public void Reset()
    {
        _hold = _initialHold;
        _fitsSince = 0;
        _lastDowngrade = 0;
        _upgradedSinceDowngrade = true;
    }
}
