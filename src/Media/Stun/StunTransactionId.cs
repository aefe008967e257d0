using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OctoMesh.Media.Stun;

/// <summary>A 96-bit STUN transaction id (RFC 8489 §5) held by value, so it can be kept without a buffer.</summary>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>RFC 8489 §6: chosen uniformly at random from 0 .. 2^96-1.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdSize];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads 12 bytes; throws if <paramref name="bytes"/> is shorter (a programming error).</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < StunConstants.TransactionIdSize)
        {
            throw new ArgumentException("A transaction id is 12 bytes.", nameof(bytes));
        }

        return new StunTransactionId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[sizeof(ulong)..]));
    }

    /// <summary>Writes the 12 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[sizeof(ulong)..StunConstants.TransactionIdSize], _low);
    }

    /// <summary>True when <paramref name="bytes"/> holds this id.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) =>
        bytes.Length == StunConstants.TransactionIdSize
        && BinaryPrimitives.ReadUInt64BigEndian(bytes) == _high
        && BinaryPrimitives.ReadUInt32BigEndian(bytes[sizeof(ulong)..]) == _low;

    /// <inheritdoc />
    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Hexadecimal, for logs.</summary>
    public override string ToString() => $"{_high:x16}{_low:x8}";

    /// <summary>Equality.</summary>
    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);
}
