using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// SRTP's AES counter mode (RFC 3711 §4.1.1) on AES-NI: keystream block j is <c>AES(k, IV + j)</c>,
/// where the IV's low 16 bits are zero, so "+ j" is writing j into the last two octets. The key
/// schedule is expanded once; a packet costs its AES rounds, four counter blocks in flight at a time.
/// It keeps no per-call state: the stack holds the counter blocks and keystream.
/// </summary>
internal sealed class Aes128CtrIntrinsics : IDisposable
{
    private const int BlockSize = Aes128KeySchedule.BlockSize;
    private const int FourBlocks = 4 * BlockSize;

    /// <summary>The block counter is the IV's last 16-bit word (element 7 of eight).</summary>
    private const int CounterElement = 7;

    private readonly Aes128KeySchedule schedule;

    public Aes128CtrIntrinsics(ReadOnlySpan<byte> key)
    {
        schedule = new Aes128KeySchedule(key);
    }

    /// <summary>XORs the keystream starting at <paramref name="iv"/> (16 octets, low 16 bits zero) into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Debug.Assert(iv.Length == BlockSize && iv[14] == 0 && iv[15] == 0, "RFC 3711 §4.1.1: the IV's low 16 bits are the block counter");
        Debug.Assert(data.Length <= (1 << 16) * BlockSize, "the 16-bit block counter must not wrap");

        Vector128<ushort> ivWords = Vector128.Create(iv).AsUInt16();
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;
        ushort counter = 0;

        for (; length - offset >= FourBlocks; offset += FourBlocks, counter += 4)
        {
            Vector128<byte> k0 = CounterBlock(ivWords, counter);
            Vector128<byte> k1 = CounterBlock(ivWords, (ushort)(counter + 1));
            Vector128<byte> k2 = CounterBlock(ivWords, (ushort)(counter + 2));
            Vector128<byte> k3 = CounterBlock(ivWords, (ushort)(counter + 3));
            schedule.EncryptFour(ref k0, ref k1, ref k2, ref k3);
            KeystreamXor.Block(ref start, offset, k0);
            KeystreamXor.Block(ref start, offset + BlockSize, k1);
            KeystreamXor.Block(ref start, offset + (2 * BlockSize), k2);
            KeystreamXor.Block(ref start, offset + (3 * BlockSize), k3);
        }

        for (; length - offset >= BlockSize; offset += BlockSize, counter++)
        {
            KeystreamXor.Block(ref start, offset, schedule.Encrypt(CounterBlock(ivWords, counter)));
        }

        if (offset < length)
        {
            KeystreamXor.PartialBlock(data.Slice(offset), schedule.Encrypt(CounterBlock(ivWords, counter)));
        }
    }

    public void Dispose() => schedule.Dispose();

    /// <summary>IV + j: the counter occupies the last two octets, big-endian (RFC 3711 §4.1.1).</summary>
    private static Vector128<byte> CounterBlock(Vector128<ushort> ivWords, ushort counter) =>
        ivWords.WithElement(CounterElement, BinaryPrimitives.ReverseEndianness(counter)).AsByte();
}
