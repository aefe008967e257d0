namespace OctoMesh.Media.Bwe;

/// <summary>
/// Packets grouped by send time (draft-ietf-rmcat-gcc-02 §5.2: a group is what was sent within a 5 ms burst, as a
/// pacer sends it), and the difference between consecutive groups' arrival spacing and send spacing: the one-way
/// delay variation the trendline filter follows. Packets that arrive out of order (sent before the current group)
/// are skipped.
/// </summary>
public sealed class ArrivalGroups
{
    /// <summary>The send-time span of one group.</summary>
    public const long BurstUs = 5_000;

    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;

    /// <summary>
    /// Add a received packet. True when it started a new group and so completed one: then
    /// <paramref name="delayDeltaMs"/> is (arrival spacing − send spacing) between the last two complete groups,
    /// and <paramref name="arrivalTimeMs"/> the completed group's arrival time.
    /// </summary>
    public bool TryAdd(long sendTimeUs, long receiveTimeUs, out double delayDeltaMs, out double arrivalTimeMs)
    {
        delayDeltaMs = 0;
        arrivalTimeMs = 0;
        if (!_hasCurrent)
        {
            _current = new Group(sendTimeUs, sendTimeUs, receiveTimeUs);
            _hasCurrent = true;
            return false;
        }

        if (sendTimeUs < _current.FirstSendUs)
        {
            return false;
        }

        if (sendTimeUs - _current.FirstSendUs <= BurstUs)
        {
            _current = _current with { LastSendUs = Math.Max(_current.LastSendUs, sendTimeUs), ArrivalUs = Math.Max(_current.ArrivalUs, receiveTimeUs) };
            return false;
        }

        var completed = false;
        if (_hasPrevious)
        {
            var sendDelta = _current.LastSendUs - _previous.LastSendUs;
            var arrivalDelta = _current.ArrivalUs - _previous.ArrivalUs;
            delayDeltaMs = (arrivalDelta - sendDelta) / 1000.0;
            arrivalTimeMs = _current.ArrivalUs / 1000.0;
            completed = true;
        }

        _previous = _current;
        _hasPrevious = true;
        _current = new Group(sendTimeUs, sendTimeUs, receiveTimeUs);
        return completed;
    }

    private readonly record struct Group(long FirstSendUs, long LastSendUs, long ArrivalUs);
}
