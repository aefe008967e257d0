using System.Buffers.Binary;

namespace OctoMesh.Media.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the FINGERPRINT attribute, XOR
/// 0x5354554e. It is always the last attribute, and the header length already counts it.
/// </summary>
public static class StunFingerprint
{
    private const int FingerprintAttributeSize = StunConstants.AttributeHeaderSize + StunConstants.FingerprintSize;

    /// <summary>The FINGERPRINT value for the bytes that precede it (header length already including it).</summary>
    public static uint Compute(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        Crc32.Compute(messageBeforeFingerprint) ^ StunConstants.FingerprintXor;

    /// <summary>True when <paramref name="message"/> is STUN and ends with a correct FINGERPRINT.</summary>
    public static bool Verify(ReadOnlySpan<byte> message)
    {
        if (!StunMessage.IsStun(message) || message.Length < StunConstants.HeaderSize + FingerprintAttributeSize)
        {
            return false;
        }

        int attributeOffset = message.Length - FingerprintAttributeSize;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[attributeOffset..]) != StunConstants.Fingerprint
            || BinaryPrimitives.ReadUInt16BigEndian(message[(attributeOffset + 2)..]) != StunConstants.FingerprintSize)
        {
            return false;
        }

        uint carried = BinaryPrimitives.ReadUInt32BigEndian(message[(attributeOffset + StunConstants.AttributeHeaderSize)..]);
        return carried == Compute(message[..attributeOffset]);
    }
}
