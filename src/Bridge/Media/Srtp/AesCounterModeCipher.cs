using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is
/// <c>AES(k, IV + j)</c>, where the low 16 bits of the IV are zero and carry the block counter.
/// The key schedule is built once; a packet costs one batched ECB call over its counter blocks.
/// Not thread-safe: the counter and keystream buffers are reused.
/// </summary>
internal sealed class AesCounterModeCipher : IDisposable
{
    public const int BlockSize = 16;
    public const int IvLength = 16;

    /// <summary>128 blocks: one ECB call covers an MTU-sized payload.</summary>
    private const int BlocksPerBatch = 128;
    private const int BatchLength = BlocksPerBatch * BlockSize;
    private const int MaxBlocksPerKeystream = 1 << 16;

    private readonly Aes aes;
    private readonly ICryptoTransform blockEncryptor;
    private readonly byte[] counterBlocks = new byte[BatchLength];
    private readonly byte[] keystream = new byte[BatchLength];

    public AesCounterModeCipher(ReadOnlySpan<byte> key)
    {
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

            blockEncryptor.TransformBlock(counterBlocks, 0, blocks * BlockSize, keystream, 0);
            Xor(data.Slice(0, chunkLength), keystream);
            data = data.Slice(chunkLength);
            blockCounter += blocks;
        }
    }

    public void Dispose()
    {
        blockEncryptor.Dispose();
        aes.Dispose();
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
