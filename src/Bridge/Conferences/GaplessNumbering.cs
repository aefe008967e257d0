namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Renumbers a stream the forwarder thins out (temporal or spatial layers it does not send) so that the viewer
/// sees no holes where it dropped: a value goes out as itself minus the drops before it. A value lost before it
/// reached the bridge keeps its place, so the viewer still asks for it (NACK) and a late arrival fills it. Used
/// for RTP sequence numbers (16 bits) and VP8 picture ids (7 or 15 bits, RFC 7741 §4.2), which a receiver must
/// see without gaps: libwebrtc holds a temporal-layer frame back while an earlier picture id is missing.
/// </summary>
/// <remarks>
/// A window of recent values remembers each one's drop count, so that a reordered or repeated value (every packet
/// of a frame carries its picture id) comes out the same way each time. Values older than the window are unknown.
/// One writer (the source's receive thread); no allocation after construction.
/// </remarks>
internal sealed class GaplessNumbering(int windowSlots)
{
    private const long IsSetFlag = 1L << 32;
    private const long IsDroppedFlag = 1L << 33;

    private readonly long[] _slots = new long[windowSlots];
    private int _mask = 0xFFFF;
    private bool _started;
    private int _highest;
    private int _drops;

    /// <summary>Drops so far, modulo the width.</summary>
    public int Drops => _drops;

    /// <summary>Starts over (a new stream, or a new width): the next value goes out as itself.</summary>
    public void Reset(int bits)
    {
        _mask = (1 << bits) - 1;
        _started = false;
        _drops = 0;
        Array.Clear(_slots);
    }

    /// <summary>The value <paramref name="value"/> goes out as; -1 for a dropped one or one older than the window.</summary>
    public int Forward(int value)
    {
        value &= _mask;
        if (!Advance(value))
        {
            return Lookup(value);
        }

        Store(value, dropped: false);
        return (value - _drops) & _mask;
    }

    /// <summary>Leave <paramref name="value"/> out: it and the values after it close up over it.</summary>
    public void Drop(int value)
    {
        value &= _mask;
        if (Advance(value))
        {
            _drops = (_drops + 1) & _mask;
            Store(value, dropped: true);
        }

        // An old value dropped late (its place was kept for it): nothing closes up; the viewer finds it missing.
    }

    /// <summary>True when <paramref name="value"/> is newer than any so far; the values skipped keep their place.</summary>
    private bool Advance(int value)
    {
        if (!_started)
        {
            _started = true;
            _highest = value;
            return true;
        }

        var ahead = (value - _highest) & _mask;
        if (ahead == 0 || ahead > _mask / 2)
        {
            return false;
        }

        if (ahead < _slots.Length)
        {
            for (var skipped = (_highest + 1) & _mask; skipped != value; skipped = (skipped + 1) & _mask)
            {
                Store(skipped, dropped: false);
            }
        }

        _highest = value;
        return true;
    }

    private int Lookup(int value)
    {
        var slot = _slots[value % _slots.Length];
        if ((slot & IsSetFlag) == 0 || (slot & IsDroppedFlag) != 0 || (int)(slot & 0xFFFF) != value)
        {
            return -1;
        }

        var drops = (int)(slot >> 16 & 0xFFFF);
        return (value - drops) & _mask;
    }

    private void Store(int value, bool dropped) =>
        _slots[value % _slots.Length] = (uint)value | (long)(_drops & 0xFFFF) << 16 | IsSetFlag | (dropped ? IsDroppedFlag : 0);
}
