namespace OctoMesh.Media.Srtp;

/// <summary>
/// The receiver's sliding replay window of RFC 3711 §3.3.2: the highest authenticated index and a
/// bitmap of the <see cref="Size"/> indices at and below it (bit k set = index <c>Highest - k</c> seen).
/// </summary>
internal struct ReplayWindow
{
    /// <summary>RFC 3711 §3.3.2 requires at least 64; 64 fits one machine word.</summary>
    public const int Size = 64;

    private ulong seenMask;

    /// <summary>The highest index accepted so far (48-bit SRTP index or 31-bit SRTCP index).</summary>
    public ulong HighestIndex { get; private set; }

    public static ReplayWindow StartingAt(ulong index) => new() { HighestIndex = index, seenMask = 1 };

    /// <summary>Whether <paramref name="index"/> may be accepted; does not change the window.</summary>
    public readonly SrtpStatus Check(ulong index)
    {
        if (index > HighestIndex)
        {
            return SrtpStatus.Ok;
        }

        ulong behind = HighestIndex - index;
        if (behind >= Size)
        {
            return SrtpStatus.TooOld;
        }

        return ((seenMask >> (int)behind) & 1) != 0 ? SrtpStatus.Replayed : SrtpStatus.Ok;
    }

    /// <summary>Records <paramref name="index"/>; call only after the packet authenticated.</summary>
    public void Accept(ulong index)
    {
        if (index > HighestIndex)
        {
            ulong advance = index - HighestIndex;
            seenMask = advance >= Size ? 1UL : (seenMask << (int)advance) | 1UL;
            HighestIndex = index;
        }
        else
        {
            seenMask |= 1UL << (int)(HighestIndex - index);
        }
    }
}
