namespace OctoMesh.Media.Srtp;

/// <summary>
/// Packet index estimation of RFC 3711 §3.3.1 and Appendix A: the 48-bit index is
/// <c>2^16 * ROC + SEQ</c>, and the ROC of an arriving packet is guessed from the highest index seen.
/// </summary>
internal static class SrtpIndexEstimator
{
    private const int HalfSequenceSpace = 32768;
    private const ulong IndexMask = (1UL << 48) - 1;

    /// <summary>
    /// RFC 3711 Appendix A: with s_l the highest sequence number and ROC its rollover counter,
    /// a sequence number far below s_l belongs to the next ROC, one far above it to the previous ROC.
    /// </summary>
    public static ulong Estimate(ulong highestIndex, ushort sequenceNumber)
    {
        long rolloverCounter = (long)(highestIndex >> 16);
        int highestSequence = (ushort)highestIndex;
        long guessedRollover = rolloverCounter;
        if (highestSequence < HalfSequenceSpace)
        {
            if (sequenceNumber - highestSequence > HalfSequenceSpace)
            {
                guessedRollover = rolloverCounter - 1;
            }
        }
        else if (highestSequence - HalfSequenceSpace > sequenceNumber)
        {
            guessedRollover = rolloverCounter + 1;
        }

        // Appendix A leaves ROC - 1 undefined while ROC is 0 (a packet from "before" the first one):
        // there is no earlier rollover, so it belongs to ROC 0 like every packet seen so far.
        if (guessedRollover < 0)
        {
            guessedRollover = 0;
        }

        return (((ulong)guessedRollover << 16) | sequenceNumber) & IndexMask;
    }

    /// <summary>The rollover counter (upper 32 bits of the 48-bit index).</summary>
    public static uint RolloverCounter(ulong index) => (uint)(index >> 16);
}
