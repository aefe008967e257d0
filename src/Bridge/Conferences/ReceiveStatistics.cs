namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Receiver-side statistics of one source for the reception report block the bridge sends the
/// publisher: RFC 3550 appendix A.1 (sequence tracking), A.3 (loss) and A.8 (interarrival jitter).
/// Updated on the receive thread; read by the report timer (torn reads cost one report's accuracy).
/// </summary>
public sealed class ReceiveStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private readonly int _clockRate;
    private bool _initialized;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _hasTransit;

    public ReceiveStatistics(int clockRate) => _clockRate = clockRate;

    public long PacketsReceived => _received;

    /// <summary>Middle 32 bits of the last sender report's NTP time (RFC 3550 §6.4.1 LSR).</summary>
    public uint LastSenderReportNtpMiddle { get; private set; }

    public long LastSenderReportArrivalTicks { get; private set; }

    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalTicks)
    {
        if (!_initialized)
        {
            _initialized = true;
            _maxSequence = sequenceNumber;
            _baseSequence = sequenceNumber;
        }
        else
        {
            var delta = (ushort)(sequenceNumber - _maxSequence);
            if (delta < MaxDropout)
            {
                if (sequenceNumber < _maxSequence)
                {
                    _cycles += SequenceModulus;
                }

                _maxSequence = sequenceNumber;
            }
            else if (delta <= SequenceModulus - MaxMisorder)
            {
                // A large jump: RFC 3550 A.1 would wait for a second packet; we resynchronise at once.
                _maxSequence = sequenceNumber;
                _baseSequence = sequenceNumber;
                _cycles = 0;
                _received = 0;
                _expectedPrior = 0;
                _receivedPrior = 0;
            }
        }

        _received++;

        // RFC 3550 A.8: J += (|D| - J) / 16, with transit in RTP clock units.
        var arrival = arrivalTicks * _clockRate / TimeSpan.TicksPerSecond;
        var transit = arrival - rtpTimestamp;
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    public void OnSenderReport(ulong ntpTimestamp, long arrivalTicks)
    {
        LastSenderReportNtpMiddle = (uint)(ntpTimestamp >> 16);
        LastSenderReportArrivalTicks = arrivalTicks;
    }

    /// <summary>Fill a report block for this interval (RFC 3550 §6.4.1, A.3) and start the next interval.</summary>
    public ReportSnapshot TakeSnapshot(long nowTicks)
    {
        var extendedMax = _cycles + _maxSequence;
        var expected = extendedMax - _baseSequence + 1;
        var lost = (long)expected - _received;
        var cumulativeLost = (int)Math.Clamp(lost, -0x800000, 0x7FFFFF);
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = (long)expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);

        // DLSR in 1/65536 s since the last SR arrived; 0 if none yet (RFC 3550 §6.4.1).
        uint delaySinceLastSr = 0;
        if (LastSenderReportArrivalTicks != 0)
        {
            delaySinceLastSr = (uint)((nowTicks - LastSenderReportArrivalTicks) * 65536 / TimeSpan.TicksPerSecond);
        }

        return new ReportSnapshot(fraction, cumulativeLost, extendedMax, (uint)_jitter, LastSenderReportNtpMiddle, delaySinceLastSr, _initialized);
    }
}

/// <summary>One reception report's worth of numbers (RFC 3550 §6.4.1).</summary>
public readonly record struct ReportSnapshot(
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport,
    bool HasData);
