using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OctoMesh.Media.Srtp;

/// <summary>The 11 round keys of AES-128 (FIPS 197 §5.2: Nr = 10, so Nr + 1 round keys), stored inline.</summary>
[InlineArray(Count)]
internal struct Aes128RoundKeys
{
    public const int Count = 11;

    private Vector128<byte> element;
}
