using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES-128-GCM (NIST SP 800-38D) on AES-NI and PCLMULQDQ, for RFC 7714's AEAD_AES_128_GCM with its
/// 96-bit IV and 16-octet tag. Everything that depends only on the key is computed once: the round keys,
/// H = E(K, 0^128) and H^2..H^4. A packet costs its AES rounds (four counter blocks in flight) and its
/// GHASH (four blocks per reduction), with no allocation and no call into a native library.
/// </summary>
internal sealed class Aes128GcmIntrinsics : AesGcmCipher
{
    private const int BlockSize = Aes128KeySchedule.BlockSize;
    private const int FourBlocks = 4 * BlockSize;

    /// <summary>The 32-bit block counter is the last word of the counter block (element 3 of four), SP 800-38D §6.2 inc32.</summary>
    private const int CounterElement = 3;

    /// <summary>SP 800-38D §7.1 step 2: J0 = IV || 0^31 || 1; the plaintext starts at inc32(J0).</summary>
    private const uint FirstTextCounter = 2;

    private readonly Aes128KeySchedule schedule;
    private readonly GhashMultiplier ghash;

    public Aes128GcmIntrinsics(ReadOnlySpan<byte> key)
    {
        schedule = new Aes128KeySchedule(key);

        // SP 800-38D §7.1 step 1: H = CIPH_K(0^128).
        ghash = new GhashMultiplier(schedule.Encrypt(Vector128<byte>.Zero));
    }

    public static bool IsSupported => Aes128KeySchedule.IsSupported && GhashMultiplier.IsSupported;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckLengths(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        Vector128<uint> counterBase = CounterBase(nonce);

        // Step 3: C = GCTR_K(inc32(J0), P). The counter mode works in place on the output: copy the plaintext
        // there first, unless it is there already (SRTP protecting in place).
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(plaintext), ref MemoryMarshal.GetReference(ciphertext)))
        {
            plaintext.CopyTo(ciphertext);
        }

        ApplyKeystream(counterBase, ciphertext.Slice(0, plaintext.Length));

        // Steps 4-6: S = GHASH_H(A || pad || C || pad || len(A) || len(C)), T = MSB_t(GCTR_K(J0, S)).
        ComputeTag(counterBase, associatedData, ciphertext.Slice(0, plaintext.Length)).CopyTo(tag);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckLengths(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        Vector128<uint> counterBase = CounterBase(nonce);

        // SP 800-38D §7.2: the tag is recomputed over the ciphertext and checked before anything is decrypted.
        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeTag(counterBase, associatedData, ciphertext).CopyTo(expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, tag))
        {
            // Same observable result as AesGcm: no unauthenticated plaintext, the output zeroed.
            CryptographicOperations.ZeroMemory(plaintext.Slice(0, ciphertext.Length));
            return false;
        }

        ciphertext.CopyTo(plaintext);
        ApplyKeystream(counterBase, plaintext.Slice(0, ciphertext.Length));
        return true;
    }

    public override void Dispose()
    {
        schedule.Dispose();
        ghash.Dispose();
    }

    /// <summary>Argument errors are the caller's bugs (the SRTP transform sizes every span), not hostile input.</summary>
    private static void CheckLengths(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != NonceLength || tagLength != TagLength || outputLength < inputLength)
        {
            throw new ArgumentException($"AES-GCM here needs a {NonceLength}-byte nonce, a {TagLength}-byte tag and an output at least as long as the input.");
        }
    }

    /// <summary>IV || 0^32 as four 32-bit words; the counter goes in word 3 (big-endian) per block.</summary>
    private static Vector128<uint> CounterBase(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        nonce.CopyTo(block);
        BinaryPrimitives.WriteUInt32BigEndian(block.Slice(NonceLength), 0);
        return Vector128.Create((ReadOnlySpan<byte>)block).AsUInt32();
    }

    private static Vector128<byte> CounterBlock(Vector128<uint> counterBase, uint counter) =>
        counterBase.WithElement(CounterElement, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    /// <summary>SP 800-38D §6.5 GCTR from inc32(J0), xored into <paramref name="data"/> in place.</summary>
    private void ApplyKeystream(Vector128<uint> counterBase, Span<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;
        uint counter = FirstTextCounter;

        for (; length - offset >= FourBlocks; offset += FourBlocks, counter += 4)
        {
            Vector128<byte> k0 = CounterBlock(counterBase, counter);
            Vector128<byte> k1 = CounterBlock(counterBase, counter + 1);
            Vector128<byte> k2 = CounterBlock(counterBase, counter + 2);
            Vector128<byte> k3 = CounterBlock(counterBase, counter + 3);
            schedule.EncryptFour(ref k0, ref k1, ref k2, ref k3);
            KeystreamXor.Block(ref start, offset, k0);
            KeystreamXor.Block(ref start, offset + BlockSize, k1);
            KeystreamXor.Block(ref start, offset + (2 * BlockSize), k2);
            KeystreamXor.Block(ref start, offset + (3 * BlockSize), k3);
        }

        for (; length - offset >= BlockSize; offset += BlockSize, counter++)
        {
            KeystreamXor.Block(ref start, offset, schedule.Encrypt(CounterBlock(counterBase, counter)));
        }

        if (offset < length)
        {
            // SP 800-38D §6.5 step 7: the last partial block uses the leftmost bits of its keystream block.
            KeystreamXor.PartialBlock(data.Slice(offset), schedule.Encrypt(CounterBlock(counterBase, counter)));
        }
    }

    /// <summary>SP 800-38D §7.1 steps 5-6: T = GHASH(A, C) xor E(K, J0).</summary>
    private Vector128<byte> ComputeTag(Vector128<uint> counterBase, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        Vector128<ulong> y = Vector128<ulong>.Zero;
        ghash.Update(ref y, associatedData);
        ghash.Update(ref y, ciphertext);
        return ghash.Finish(y, associatedData.Length, ciphertext.Length) ^ schedule.Encrypt(CounterBlock(counterBase, 1));
    }
}
