namespace OctoMesh.LoadGen;

/// <summary>
/// Reception statistics of one RTP stream (one SSRC), as an RTP receiver keeps them for its reports:
/// the extended highest sequence number and packets expected and lost (RFC 3550 §A.3), and the
/// interarrival jitter estimate (RFC 3550 §A.8). Not thread-safe: fed from one receive loop.
/// </summary>
public sealed class ReceiveStreamStats(uint ssrc, int clockRate)
{
    private const int SequenceModulus = 1 << 16;

    // RFC 3550 §A.1: a jump this large is treated as a restart rather than a gap.
    private const int MaxDropout = 3000;

    private bool _started;
    private ushort _maxSequence;
    private long _cycles;
    private long _baseSequence;
    private long _lastArrival;
    private uint _lastTimestamp;
    private double _jitter;

    public uint Ssrc { get; } = ssrc;

    /// <summary>RTP clock rate of the stream (48 kHz Opus, 90 kHz VP8).</summary>
    public int ClockRate { get; } = clockRate;

    /// <summary>Packets received, duplicates included.</summary>
    public long Received { get; private set; }

    /// <summary>RFC 3550 §A.3: extended highest sequence number minus the first, plus one.</summary>
    public long Expected => _started ? _cycles + _maxSequence - _baseSequence + 1 : 0;

    /// <summary>Expected minus received, never negative (duplicates can exceed the expected count).</summary>
    public long Lost => Math.Max(0, Expected - Received);

    /// <summary>RFC 3550 §A.8 interarrival jitter, in RTP timestamp units.</summary>
    public double Jitter => _jitter;

    /// <summary>The jitter in milliseconds.</summary>
    public double JitterMilliseconds => _jitter * 1000 / ClockRate;

    /// <summary>
    /// Counts one packet. <paramref name="arrival"/> is the arrival time in RTP timestamp units of this
    /// stream's clock (any origin: only differences matter).
    /// </summary>
    public void Record(ushort sequence, uint timestamp, long arrival)
    {
        Received++;
        if (!_started)
        {
            _started = true;
            _maxSequence = sequence;
            _baseSequence = sequence;
            _lastArrival = arrival;
            _lastTimestamp = timestamp;
            return;
        }

        var delta = (ushort)(sequence - _maxSequence);
        if (delta != 0 && delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulus;
            }

            _maxSequence = sequence;
        }

        // RFC 3550 §A.8: D(i,j) = (Rj - Ri) - (Sj - Si); J += (|D| - J) / 16.
        var transitChange = (arrival - _lastArrival) - (int)(timestamp - _lastTimestamp);
        _jitter += (Math.Abs(transitChange) - _jitter) / 16;
        _lastArrival = arrival;
        _lastTimestamp = timestamp;
    }
}
