using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is
/// <c>AES(k, IV + j)</c>, where the low 16 bits of the IV are zero and carry the block counter.
/// The key schedule is built once. Where the CPU has AES-NI a packet costs only its AES rounds
/// (<see cref="Aes128CtrIntrinsics"/>); elsewhere it costs one batched ECB call through the platform's
/// <see cref="Aes"/> over its counter blocks. The choice is made once, in the constructor.
/// Not thread-safe: the fallback reuses its counter and keystream buffers.
/// </summary>
internal sealed class AesCounterModeCipher : IDisposable
{
    public const int BlockSize = 16;
    public const int IvLength = 16;

    /// <summary>128 blocks: one ECB call covers an MTU-sized payload.</summary>
    private const int BlocksPerBatch = 128;
    private const int BatchLength = BlocksPerBatch * BlockSize;
    private const int MaxBlocksPerKeystream = 1 << 16;

    /// <summary>The AES-NI path; null when the CPU lacks it or the key is not AES-128.</summary>
    private readonly Aes128CtrIntrinsics? intrinsics;

    private readonly Aes? aes;
    private readonly ICryptoTransform? blockEncryptor;
    private readonly byte[] counterBlocks = [];
    private readonly byte[] keystream = [];

    /// <param name="key">The AES key.</param>
    /// <param name="allowIntrinsics">False forces the platform path (tests compare the two).</param>
    public AesCounterModeCipher(ReadOnlySpan<byte> key, bool allowIntrinsics = true)
    {
        if (allowIntrinsics && Aes128KeySchedule.IsSupported && key.Length == Aes128KeySchedule.KeyLength)
        {
            intrinsics = new Aes128CtrIntrinsics(key);
            return;
        }

        counterBlocks = new byte[BatchLength];
        keystream = new byte[BatchLength];
        aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        blockEncryptor = aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream starting at <paramref name="iv"/> into <paramref name="data"/> in place.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Debug.Assert(iv.Length == IvLength && iv[14] == 0 && iv[15] == 0, "RFC 3711 §4.1.1: the IV's low 16 bits are the block counter");
        Debug.Assert(data.Length <= MaxBlocksPerKeystream * BlockSize, "the 16-bit block counter must not wrap");
        if (intrinsics is not null)
        {
            intrinsics.Apply(iv, data);
            return;
        }

        int blockCounter = 0;
        while (!data.IsEmpty)
        {
            int chunkLength = Math.Min(data.Length, BatchLength);
            int blocks = (chunkLength + BlockSize - 1) / BlockSize;
            for (int block = 0; block < blocks; block++)
            {
                Span<byte> counterBlock = counterBlocks.AsSpan(block * BlockSize, BlockSize);
                iv.CopyTo(counterBlock);
                int counter = blockCounter + block;
                counterBlock[14] = (byte)(counter >> 8);
                counterBlock[15] = (byte)counter;
            }

            blockEncryptor!.TransformBlock(counterBlocks, 0, blocks * BlockSize, keystream, 0);
            Xor(data.Slice(0, chunkLength), keystream);
            data = data.Slice(chunkLength);
            blockCounter += blocks;
        }
    }

    public void Dispose()
    {
        intrinsics?.Dispose();
        blockEncryptor?.Dispose();
        aes?.Dispose();
        CryptographicOperations.ZeroMemory(keystream);
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int offset = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<byte>> dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            ReadOnlySpan<Vector<byte>> keystreamVectors = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
            for (int i = 0; i < dataVectors.Length; i++)
            {
                dataVectors[i] ^= keystreamVectors[i];
            }

            offset = dataVectors.Length * Vector<byte>.Count;
        }

        for (; offset < data.Length; offset++)
        {
            data[offset] ^= keystream[offset];
        }
    }
}
