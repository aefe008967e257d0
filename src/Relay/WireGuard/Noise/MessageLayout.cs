using System.Buffers.Binary;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// Wire formats of the four WireGuard messages (whitepaper §5.4.2-§5.4.7). Every field is at a
/// fixed offset; integers are little-endian; the first four bytes are the type then three
/// reserved zero bytes, read together as one little-endian 32-bit word as wireguard-go does.
/// <code>
/// initiation (148)  | type=1 | sender | ephemeral 32 | static 32+16 | timestamp 12+16 | mac1 16 | mac2 16 |
/// response (92)     | type=2 | sender | receiver | ephemeral 32 | empty 0+16 | mac1 16 | mac2 16 |
/// cookie reply (64) | type=3 | receiver | nonce 24 | cookie 16+16 |
/// transport (32+16n)| type=4 | receiver | counter 8 | packet (padded to 16) + 16 |
/// </code>
/// </summary>
internal static class MessageLayout
{
    public const uint InitiationType = 1;
    public const uint ResponseType = 2;
    public const uint CookieReplyType = 3;
    public const uint TransportType = 4;

    public const int InitiationSize = 148;
    public const int ResponseSize = 92;
    public const int CookieReplySize = 64;
    public const int TransportHeaderSize = 16;
    public const int TransportMinimumSize = TransportHeaderSize + 16;
    public const int PaddingMultiple = 16;

    public const int InitiationSenderOffset = 4;
    public const int InitiationEphemeralOffset = 8;
    public const int InitiationStaticOffset = 40;
    public const int InitiationStaticLength = 32 + 16;
    public const int InitiationTimestampOffset = 88;
    public const int InitiationTimestampLength = 12 + 16;

    public const int ResponseSenderOffset = 4;
    public const int ResponseReceiverOffset = 8;
    public const int ResponseEphemeralOffset = 12;
    public const int ResponseEmptyOffset = 44;
    public const int ResponseEmptyLength = 16;

    public const int CookieReceiverOffset = 4;
    public const int CookieNonceOffset = 8;
    public const int CookieEncryptedOffset = 32;
    public const int CookieEncryptedLength = 16 + 16;

    public const int TransportReceiverOffset = 4;
    public const int TransportCounterOffset = 8;

    /// <summary>mac1 and mac2 are the last 32 bytes of initiation and response messages (§5.4.4).</summary>
    public const int MacsLength = 32;

    /// <summary>The message type, or 0 when the datagram is too short or the reserved bytes are not zero.</summary>
    public static uint TypeOf(ReadOnlySpan<byte> message) =>
        message.Length < 4 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(message) switch
        {
            InitiationType when message.Length == InitiationSize => InitiationType,
            ResponseType when message.Length == ResponseSize => ResponseType,
            CookieReplyType when message.Length == CookieReplySize => CookieReplyType,
            TransportType when message.Length >= TransportMinimumSize => TransportType,
            _ => 0,
        };

    public static void WriteType(Span<byte> message, uint type) => BinaryPrimitives.WriteUInt32LittleEndian(message, type);

    public static uint ReadIndex(ReadOnlySpan<byte> message, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(message[offset..]);

    public static void WriteIndex(Span<byte> message, int offset, uint index) => BinaryPrimitives.WriteUInt32LittleEndian(message[offset..], index);

    /// <summary>Transport plaintext is zero-padded to a multiple of 16 (§5.4.6), never past the caller's limit.</summary>
    public static int PaddedLength(int plaintextLength) =>
        (plaintextLength + PaddingMultiple - 1) / PaddingMultiple * PaddingMultiple;

    public static int TransportSize(int plaintextLength) => TransportHeaderSize + PaddedLength(plaintextLength) + 16;
}
