namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// Anti-replay for transport counters, RFC 6479 ("IPsec Anti-Replay Algorithm without Bit
/// Shifting"): a ring of 64-bit blocks; moving the window forward clears whole blocks instead of
/// shifting the bitmap. 32 blocks = 2048 bits, of which (32 - 1) × 64 = 1984 are always usable
/// (the block being filled may be partly ahead of the newest counter). Call <see cref="TryAccept"/>
/// only after the packet authenticated (whitepaper §5.4.6), so forged counters cannot move the window.
/// </summary>
internal sealed class ReplayWindow
{
    public const int Blocks = 32;
    public const int BlockBits = 64;
    public const ulong WindowSize = (Blocks - 1) * BlockBits;

    private readonly ulong[] bitmap = new ulong[Blocks];
    private ulong greatest;

    public ReplayCheck TryAccept(ulong counter, ulong rejectAfterMessages = WireGuardTimers.RejectAfterMessages)
    {
        if (counter >= rejectAfterMessages)
        {
            return ReplayCheck.Exhausted;
        }
        ulong block = counter / BlockBits;
        if (counter > greatest)
        {
            // RFC 6479 §2: clear the blocks the window moves over, at most the whole ring.
            ulong current = greatest / BlockBits;
            ulong toClear = Math.Min(block - current, Blocks);
            for (ulong i = 1; i <= toClear; i++)
            {
                bitmap[(current + i) % Blocks] = 0;
            }
            greatest = counter;
        }
        else if (greatest - counter > WindowSize)
        {
            return ReplayCheck.TooOld;
        }

        int index = (int)(block % Blocks);
        ulong bit = 1UL << (int)(counter % BlockBits);
        if ((bitmap[index] & bit) != 0)
        {
            return ReplayCheck.Duplicate;
        }
        bitmap[index] |= bit;
        return ReplayCheck.Accepted;
    }
}
