namespace OctoMesh.Media.Bwe;

/// <summary>
/// Compares the delay trend with an adaptive threshold (draft-ietf-rmcat-gcc-02 §5.4 and §5.5): overuse once the
/// trend has stayed above it for <see cref="OveruseTimeMs"/> and is not falling; underuse below its negative. The
/// threshold follows the trend (slowly up, faster down) so a competing TCP flow's queue does not starve us.
/// </summary>
public sealed class OveruseDetector
{
    public const double OveruseTimeMs = 10;
    private const double InitialThresholdMs = 12.5;
    private const double MinThresholdMs = 6;
    private const double MaxThresholdMs = 600;
    private const double UpGain = 0.0087;
    private const double DownGain = 0.039;
    private const double MaxThresholdStepMs = 15;

    private double _thresholdMs = InitialThresholdMs;
    private double _overusingForMs = -1;
    private int _overuseCount;
    private double _previousTrend;
    private double _lastUpdateMs = double.NaN;

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    public BandwidthUsage Detect(double modifiedTrend, double sinceLastGroupMs, double nowMs)
    {
        if (modifiedTrend > _thresholdMs)
        {
            _overusingForMs = _overusingForMs < 0 ? sinceLastGroupMs / 2 : _overusingForMs + sinceLastGroupMs;
            _overuseCount++;
            if (_overusingForMs > OveruseTimeMs && _overuseCount > 1 && modifiedTrend >= _previousTrend)
            {
                _overusingForMs = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -_thresholdMs)
        {
            _overusingForMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _overusingForMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = modifiedTrend;
        AdaptThreshold(modifiedTrend, nowMs);
        return State;
    }

    private void AdaptThreshold(double modifiedTrend, double nowMs)
    {
        if (double.IsNaN(_lastUpdateMs))
        {
            _lastUpdateMs = nowMs;
        }

        var magnitude = Math.Abs(modifiedTrend);
        if (magnitude > _thresholdMs + MaxThresholdStepMs)
        {
            // A spike (a route change, a descheduled sender): not a reason to move the threshold.
            _lastUpdateMs = nowMs;
            return;
        }

        var gain = magnitude < _thresholdMs ? DownGain : UpGain;
        var elapsedMs = Math.Min(nowMs - _lastUpdateMs, 100);
        _thresholdMs = Math.Clamp(_thresholdMs + (gain * (magnitude - _thresholdMs) * elapsedMs), MinThresholdMs, MaxThresholdMs);
        _lastUpdateMs = nowMs;
    }
}
