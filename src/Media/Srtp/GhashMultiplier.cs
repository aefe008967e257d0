using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication, after Intel's white paper "Intel
/// Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode" (Gueron, Kounavis).
/// </summary>
/// <remarks>
/// <para>
/// Representation: GCM numbers the bits of a block from the most significant bit of its first octet
/// (SP 800-38D §6.3), the reverse of the CPU's order. Reversing the 16 octets of every block (one PSHUFB)
/// gives a 128-bit integer whose bit 127 - i holds the coefficient of x^i: the polynomial bit-reflected.
/// The carry-less product of two reflected values is the reflected 255-bit product, off by one place,
/// so the 256-bit product is shifted left by one before the reduction (white paper, Algorithm 4 / "bit reflection").
/// </para>
/// <para>
/// Aggregated reduction (white paper, Algorithm 5 / "aggregated reduction"): four blocks are folded as
/// Y' = (Y + X1)·H^4 + X2·H^3 + X3·H^2 + X4·H, summing the four unreduced products and reducing once.
/// Each product uses Karatsuba (three PCLMULQDQ instead of four), with (h_hi xor h_lo) of each power precomputed.
/// H = E(K, 0^128) and its powers are computed once per key.
/// </para>
/// </remarks>
internal sealed class GhashMultiplier : IDisposable
{
    public const int BlockSize = 16;
    private const int FourBlocks = 4 * BlockSize;

    /// <summary>H^1..H^4 in reflected form, then the four Karatsuba middles (lane 0 = hi xor lo).</summary>
    private GhashKeyPowers powers;

    /// <param name="hashSubkey">H = E(K, 0^128) in GCM (normal) byte order, SP 800-38D §6.4.</param>
    public GhashMultiplier(Vector128<byte> hashSubkey)
    {
        Vector128<ulong> h = Reflect(hashSubkey);
        Vector128<ulong> h2 = Multiply(h, h);
        Vector128<ulong> h3 = Multiply(h2, h);
        Vector128<ulong> h4 = Multiply(h3, h);
        powers[0] = h;
        powers[1] = h2;
        powers[2] = h3;
        powers[3] = h4;
        for (int i = 0; i < 4; i++)
        {
            powers[4 + i] = KaratsubaMiddle(powers[i]);
        }
    }

    /// <summary>PCLMULQDQ for the products and SSSE3 for the byte reversal.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Reverses the octets of a block: GCM's bit order to the reflected integer and back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reflect(Vector128<byte> block) =>
        Ssse3.Shuffle(block, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).AsUInt64();

    /// <summary>
    /// Folds <paramref name="data"/> into the running hash <paramref name="y"/> (reflected), the last partial
    /// block padded with zeros: SP 800-38D §7.1 step 5 pads A and C separately to whole blocks.
    /// </summary>
    public void Update(ref Vector128<ulong> y, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;
        for (; length - offset >= FourBlocks; offset += FourBlocks)
        {
            y = MultiplyFourAndReduce(
                y ^ Reflect(Vector128.LoadUnsafe(ref start, (nuint)offset)),
                Reflect(Vector128.LoadUnsafe(ref start, (nuint)(offset + BlockSize))),
                Reflect(Vector128.LoadUnsafe(ref start, (nuint)(offset + (2 * BlockSize)))),
                Reflect(Vector128.LoadUnsafe(ref start, (nuint)(offset + (3 * BlockSize)))));
        }

        for (; length - offset >= BlockSize; offset += BlockSize)
        {
            y = MultiplyByH(y ^ Reflect(Vector128.LoadUnsafe(ref start, (nuint)offset)));
        }

        if (offset < length)
        {
            Span<byte> padded = stackalloc byte[BlockSize];
            padded.Clear();
            data.Slice(offset).CopyTo(padded);
            y = MultiplyByH(y ^ Reflect(Vector128.Create((ReadOnlySpan<byte>)padded)));
        }
    }

    /// <summary>
    /// SP 800-38D §7.1 step 5: the last block is len(A) || len(C), each a 64-bit big-endian bit count.
    /// Returns GHASH in GCM byte order.
    /// </summary>
    public Vector128<byte> Finish(Vector128<ulong> y, int associatedDataLength, int textLength)
    {
        // Reflected, the first 64-bit word (len(A)) is the upper lane.
        Vector128<ulong> lengths = Vector128.Create((ulong)textLength * 8, (ulong)associatedDataLength * 8);
        return Reflect(MultiplyByH(y ^ lengths).AsByte()).AsByte();
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(new Span<GhashKeyPowers>(ref powers)));

    /// <summary>One block: Y·H, reduced.</summary>
    private Vector128<ulong> MultiplyByH(Vector128<ulong> x)
    {
        Vector128<ulong> low = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero;
        Accumulate(x, powers[0], powers[4], ref low, ref high, ref middle);
        return Reduce(low, high, middle);
    }

    /// <summary>x1·H^4 + x2·H^3 + x3·H^2 + x4·H with one reduction.</summary>
    private Vector128<ulong> MultiplyFourAndReduce(Vector128<ulong> x1, Vector128<ulong> x2, Vector128<ulong> x3, Vector128<ulong> x4)
    {
        Vector128<ulong> low = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero;
        Accumulate(x1, powers[3], powers[7], ref low, ref high, ref middle);
        Accumulate(x2, powers[2], powers[6], ref low, ref high, ref middle);
        Accumulate(x3, powers[1], powers[5], ref low, ref high, ref middle);
        Accumulate(x4, powers[0], powers[4], ref low, ref high, ref middle);
        return Reduce(low, high, middle);
    }

    /// <summary>A full multiply (used for the powers of H, once per key).</summary>
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> low = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero;
        Accumulate(a, b, KaratsubaMiddle(b), ref low, ref high, ref middle);
        return Reduce(low, high, middle);
    }

    /// <summary>Lane 0 = the xor of the two 64-bit halves, the operand of Karatsuba's middle product.</summary>
    private static Vector128<ulong> KaratsubaMiddle(Vector128<ulong> value) =>
        value ^ Sse2.Shuffle(value.AsUInt32(), 0b01_00_11_10).AsUInt64();

    /// <summary>
    /// Karatsuba: a·b = hi·x^128 + (mid - hi - lo)·x^64 + lo, with lo = a0·b0, hi = a1·b1,
    /// mid = (a0 + a1)(b0 + b1). Sums of products accumulate unreduced (xor is addition in GF(2)[x]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> a, Vector128<ulong> b, Vector128<ulong> bMiddle, ref Vector128<ulong> low, ref Vector128<ulong> high, ref Vector128<ulong> middle)
    {
        low ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        high ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(a), bMiddle, 0x00);
    }

    /// <summary>
    /// Completes Karatsuba into a 256-bit product [high:low], shifts it left by one (bit reflection) and
    /// reduces it modulo g(x) = x^128 + x^7 + x^2 + x + 1 (SP 800-38D §6.3), white paper Algorithm 5:
    /// the low 128 bits hold the coefficients of x^128..x^255, and x^128 = x^7 + x^2 + x + 1, which in the
    /// reflected form is a right shift by 0, 1, 2 and 7; the bits those shifts push out are folded back first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> high, Vector128<ulong> middle)
    {
        middle ^= low ^ high;
        low ^= Sse2.ShiftLeftLogical128BitLane(middle, 8);
        high ^= Sse2.ShiftRightLogical128BitLane(middle, 8);

        // [high:low] <<= 1 across the four 64-bit words.
        Vector128<ulong> lowCarries = Sse2.ShiftRightLogical(low, 63);
        Vector128<ulong> highCarries = Sse2.ShiftRightLogical(high, 63);
        low = Sse2.ShiftLeftLogical(low, 1) | Sse2.ShiftLeftLogical128BitLane(lowCarries, 8);
        high = Sse2.ShiftLeftLogical(high, 1) | Sse2.ShiftLeftLogical128BitLane(highCarries, 8) | Sse2.ShiftRightLogical128BitLane(lowCarries, 8);

        // Step 1: the bits of X0 that the right shifts by 1, 2 and 7 would push out, folded into X1 (D).
        Vector128<ulong> x0 = Sse2.ShiftLeftLogical128BitLane(low, 8);
        Vector128<ulong> overflow = Sse2.ShiftLeftLogical(x0, 63) ^ Sse2.ShiftLeftLogical(x0, 62) ^ Sse2.ShiftLeftLogical(x0, 57);
        Vector128<ulong> folded = low ^ overflow;

        // Step 2: [D:X0] xor [D:X0]>>1 xor [D:X0]>>2 xor [D:X0]>>7, as 128-bit shifts built from 64-bit lanes.
        Vector128<ulong> result = folded ^ ShiftRight128(folded, 1, 63) ^ ShiftRight128(folded, 2, 62) ^ ShiftRight128(folded, 7, 57);
        return high ^ result;
    }

    /// <summary>A 128-bit logical right shift by <paramref name="bits"/> (1..63); <paramref name="complement"/> = 64 - bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ShiftRight128(Vector128<ulong> value, [ConstantExpected(Min = 1, Max = 63)] byte bits, [ConstantExpected(Min = 1, Max = 63)] byte complement) =>
        Sse2.ShiftRightLogical(value, bits) | Sse2.ShiftLeftLogical(Sse2.ShiftRightLogical128BitLane(value, 8), complement);
}
