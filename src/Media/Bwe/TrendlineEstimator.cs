namespace OctoMesh.Media.Bwe;

/// <summary>
/// The delay trend (draft-ietf-rmcat-gcc-02 §5.3, in the trendline form libwebrtc uses in place of the Kalman
/// filter): the accumulated delay variation, exponentially smoothed, and the slope of a least-squares line through
/// its last <see cref="WindowSize"/> points against arrival time. A positive slope is a queue filling up.
/// </summary>
public sealed class TrendlineEstimator
{
    public const int WindowSize = 20;
    private const double Smoothing = 0.9;

    // The slope is scaled to compare with the detector's threshold (in ms): by the deltas seen, at most 60, times a gain.
    private const double ThresholdGain = 4.0;
    private const int MaxDeltaCount = 60;

    private readonly (double ArrivalMs, double SmoothedDelayMs)[] _window = new (double, double)[WindowSize];
    private int _count;
    private int _next;
    private int _deltas;
    private double _accumulatedDelayMs;
    private double _smoothedDelayMs;
    private double _firstArrivalMs = double.NaN;

    /// <summary>The scaled trend the overuse detector compares with its threshold; 0 until the window fills.</summary>
    public double ModifiedTrend { get; private set; }

    public void Update(double delayDeltaMs, double arrivalTimeMs)
    {
        if (double.IsNaN(_firstArrivalMs))
        {
            _firstArrivalMs = arrivalTimeMs;
        }

        _deltas = Math.Min(_deltas + 1, MaxDeltaCount);
        _accumulatedDelayMs += delayDeltaMs;
        _smoothedDelayMs = (Smoothing * _smoothedDelayMs) + ((1 - Smoothing) * _accumulatedDelayMs);
        _window[_next] = (arrivalTimeMs - _firstArrivalMs, _smoothedDelayMs);
        _next = (_next + 1) % WindowSize;
        _count = Math.Min(_count + 1, WindowSize);
        if (_count == WindowSize && Slope() is { } slope)
        {
            ModifiedTrend = _deltas * slope * ThresholdGain;
        }
    }

    private double? Slope()
    {
        double meanX = 0, meanY = 0;
        foreach (var (x, y) in _window)
        {
            meanX += x;
            meanY += y;
        }

        meanX /= WindowSize;
        meanY /= WindowSize;
        double numerator = 0, denominator = 0;
        foreach (var (x, y) in _window)
        {
            numerator += (x - meanX) * (y - meanY);
            denominator += (x - meanX) * (x - meanX);
        }

        return denominator == 0 ? null : numerator / denominator;
    }
}
