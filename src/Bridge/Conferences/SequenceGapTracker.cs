using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The highest sequence number of a stream seen so far, and the run of numbers a newer packet skipped: what
/// to ask a sender for again. Late and repeated packets skip nothing; a jump past RFC 3550's dropout limit
/// (§A.1) is a restarted stream, not loss. Not thread-safe: fed from the receive thread of the stream's flow.
/// </summary>
internal sealed class SequenceGapTracker
{
    /// <summary>RFC 3550 §A.1: a jump this large is a restart.</summary>
    public const int MaxDropout = 3000;

    private ushort _highest;
    private bool _started;

    /// <summary>
    /// Records <paramref name="sequenceNumber"/>; when it skipped numbers, the newest at most <paramref name="maxLost"/>
    /// of them (they are the likeliest still in the sender's cache, and the ones a decoder needs next).
    /// </summary>
    public bool TryRecord(ushort sequenceNumber, int maxLost, out ushort firstLost, out int lostCount)
    {
        firstLost = 0;
        lostCount = 0;
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return false;
        }

        var gap = RtpSequence.Diff(sequenceNumber, _highest);
        if (gap <= 0)
        {
            return false;
        }

        _highest = sequenceNumber;
        if (gap == 1 || gap > MaxDropout)
        {
            return false;
        }

        lostCount = Math.Min(gap - 1, maxLost);
        firstLost = (ushort)(sequenceNumber - lostCount);
        return true;
    }

    /// <summary>True when <paramref name="sequenceNumber"/> is at most <paramref name="window"/> behind the highest seen.</summary>
    public bool IsRecent(ushort sequenceNumber, int window)
    {
        var behind = RtpSequence.Diff(_highest, sequenceNumber);
        return _started && behind >= 0 && behind < window;
    }
}
