using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// An AES-128 key expanded once (FIPS 197 §5.2) into round keys for the AES-NI instructions, and the
/// block encryption built on them. Built when an SRTP session key is derived and kept for the
/// context's lifetime, so a packet pays for rounds only, never for a key schedule or a library call.
/// Callers check <see cref="IsSupported"/> first; the intrinsics have no software fallback here.
/// </summary>
internal sealed class Aes128KeySchedule : IDisposable
{
    public const int KeyLength = 16;
    public const int BlockSize = 16;

    private Aes128RoundKeys roundKeys;

    public Aes128KeySchedule(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"AES-128 needs a {KeyLength}-byte key, got {key.Length}.", nameof(key));
        }

        Debug.Assert(IsSupported, "check Aes128KeySchedule.IsSupported before building one");
        Expand(Vector128.Create(key), ref roundKeys);
    }

    /// <summary>AES-NI and SSSE3 (byte shuffles) are what this type and the modes built on it use.</summary>
    public static bool IsSupported => AesNi.IsSupported && Ssse3.IsSupported;

    /// <summary>FIPS 197 §5.1: AddRoundKey, 9 full rounds, and a last round without MixColumns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Encrypt(Vector128<byte> block)
    {
        ref Aes128RoundKeys keys = ref roundKeys;
        block ^= keys[0];
        for (int round = 1; round < Aes128RoundKeys.Count - 1; round++)
        {
            block = AesNi.Encrypt(block, keys[round]);
        }

        return AesNi.EncryptLast(block, keys[Aes128RoundKeys.Count - 1]);
    }

    /// <summary>
    /// Four independent blocks round by round: AESENC has a latency of several cycles but a throughput of
    /// one or two per cycle, so interleaving four blocks keeps the AES unit busy (Intel's AES-NI white paper, §"Parallelizing").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EncryptFour(ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3)
    {
        ref Aes128RoundKeys keys = ref roundKeys;
        Vector128<byte> key = keys[0];
        Vector128<byte> s0 = b0 ^ key, s1 = b1 ^ key, s2 = b2 ^ key, s3 = b3 ^ key;
        for (int round = 1; round < Aes128RoundKeys.Count - 1; round++)
        {
            key = keys[round];
            s0 = AesNi.Encrypt(s0, key);
            s1 = AesNi.Encrypt(s1, key);
            s2 = AesNi.Encrypt(s2, key);
            s3 = AesNi.Encrypt(s3, key);
        }

        key = keys[Aes128RoundKeys.Count - 1];
        b0 = AesNi.EncryptLast(s0, key);
        b1 = AesNi.EncryptLast(s1, key);
        b2 = AesNi.EncryptLast(s2, key);
        b3 = AesNi.EncryptLast(s3, key);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes<Aes128RoundKeys>(new Span<Aes128RoundKeys>(ref roundKeys)));

    /// <summary>
    /// FIPS 197 §5.2 KeyExpansion, four words per step: AESKEYGENASSIST computes SubWord(RotWord(w[i-1])) xor Rcon
    /// in its top dword; the running xor of the previous round key's words completes w[i..i+3].
    /// The round constant must be an immediate, hence ten explicit calls.
    /// </summary>
    private static void Expand(Vector128<byte> key, ref Aes128RoundKeys keys)
    {
        keys[0] = key;
        keys[1] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x01));
        keys[2] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x02));
        keys[3] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x04));
        keys[4] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x08));
        keys[5] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x10));
        keys[6] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x20));
        keys[7] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x40));
        keys[8] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x80));
        keys[9] = key = NextRoundKey(key, AesNi.KeygenAssist(key, 0x1B));
        keys[10] = NextRoundKey(key, AesNi.KeygenAssist(key, 0x36));
    }

    private static Vector128<byte> NextRoundKey(Vector128<byte> previous, Vector128<byte> assist)
    {
        // Broadcast the top dword: SubWord(RotWord(w[i-1])) xor Rcon.
        Vector128<byte> substituted = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();

        // w[i+j] = w[i+j-4] xor ... xor w[i-4] xor substituted: a prefix xor over the previous key's four words.
        Vector128<byte> words = previous;
        words ^= Sse2.ShiftLeftLogical128BitLane(words, 4);
        words ^= Sse2.ShiftLeftLogical128BitLane(words, 8);
        return words ^ substituted;
    }
}
