using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OctoMesh.Media.Srtp;

/// <summary>Xors one keystream block into data, for the counter modes of <see cref="Aes128CtrIntrinsics"/> and <see cref="Aes128GcmIntrinsics"/>.</summary>
internal static class KeystreamXor
{
    private const int BlockSize = 16;

    /// <summary>A whole block at <paramref name="offset"/>; the caller's loop bounds keep offset + 16 within the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(ref byte start, int offset, Vector128<byte> keystream)
    {
        Vector128<byte> block = Vector128.LoadUnsafe(ref start, (nuint)offset);
        (block ^ keystream).StoreUnsafe(ref start, (nuint)offset);
    }

    /// <summary>The last, partial block (1..15 octets): only the leftmost keystream octets are used.</summary>
    public static void PartialBlock(Span<byte> tail, Vector128<byte> keystream)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        tail.CopyTo(block);
        (Vector128.Create((ReadOnlySpan<byte>)block) ^ keystream).CopyTo(block);
        block.Slice(0, tail.Length).CopyTo(tail);
        block.Clear();
    }
}
