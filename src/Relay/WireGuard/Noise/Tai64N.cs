using System.Buffers.Binary;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// TAI64N timestamps (https://cr.yp.to/libtai/tai64.html) as carried in handshake initiations:
/// 8 bytes big-endian seconds (2^62 + 10 + Unix seconds) then 4 bytes big-endian nanoseconds.
/// Big-endian makes byte order equal time order, so replay protection (whitepaper §5.1) is a
/// lexicographic comparison.
/// </summary>
internal static class Tai64N
{
    public const int Length = 12;

    private const ulong Base = 0x400000000000000a;

    /// <summary>
    /// Like wireguard-go, the nanoseconds are rounded down to 2^24 ns (~16.8 ms) so the timestamp
    /// does not leak a precise clock; initiations are rate limited far below that anyway.
    /// </summary>
    private const uint WhitenerMask = 0x1000000 - 1;

    public static void Write(DateTimeOffset time, Span<byte> destination)
    {
        long unixSeconds = time.ToUnixTimeSeconds();
        long ticksInSecond = time.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcTicks;
        uint nanoseconds = (uint)(ticksInSecond * 100) & ~WhitenerMask;
        BinaryPrimitives.WriteUInt64BigEndian(destination, Base + (ulong)unixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], nanoseconds);
    }

    /// <summary>True when <paramref name="candidate"/> is strictly later than <paramref name="latest"/>.</summary>
    public static bool IsAfter(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> latest) =>
        candidate[..Length].SequenceCompareTo(latest[..Length]) > 0;
}
