namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// Per down track: when it may go up again. Down happens at once; up only after the higher layer has fitted
/// (with <see cref="UpgradeMargin"/>) for a hold time that doubles after each downgrade that follows an
/// upgrade (5 s, 10 s, … 60 s) and relaxes after a quiet minute, so a link that sits between two layers
/// switches at most about twice a minute.
/// </summary>
public sealed class LayerHysteresis
{
    /// <summary>A higher layer fits only if its bitrate times this is within the budget.</summary>
    public const double UpgradeMargin = 1.15;

    public static readonly TimeSpan InitialHold = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(60);

    private TimeSpan _hold = InitialHold;
    private long _fitsSince;
    private long _lastDowngrade;
    private bool _upgradedSinceDowngrade = true;

    /// <summary>Record a downgrade decision at <paramref name="now"/>.</summary>
    public void OnDowngrade(long now, TimeProvider time)
    {
        if (_upgradedSinceDowngrade && _lastDowngrade != 0 && time.GetElapsedTime(_lastDowngrade, now) < MaxHold)
        {
            _hold = TimeSpan.FromTicks(Math.Min(_hold.Ticks * 2, MaxHold.Ticks));
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

        if (_lastDowngrade != 0 && time.GetElapsedTime(_lastDowngrade, now) > MaxHold + _hold)
        {
            _hold = InitialHold;
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
}
