using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OctoMesh.Media.Srtp;

/// <summary>H, H^2, H^3, H^4 (reflected) and their four Karatsuba middles, stored inline in <see cref="GhashMultiplier"/>.</summary>
[InlineArray(Count)]
internal struct GhashKeyPowers
{
    public const int Count = 8;

    private Vector128<ulong> element;
}
