using System.Buffers.Binary;

namespace OctoMesh.Media.Stun;

/// <summary>
/// Allocation-free checks the receive path runs before any full parse: is this datagram STUN,
/// and which session (by USERNAME ufrag) does it belong to.
/// </summary>
/// <remarks>
/// RFC 8489 §5 header:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class StunMessage
{
    private const int TypeOffset = 0;
    private const int LengthOffset = 2;
    private const int MagicCookieOffset = 4;
    internal const int TransactionIdOffset = 8;
    private const byte TopTwoBitsMask = 0xC0;
    private const byte UsernameSeparator = (byte)':';

    /// <summary>
    /// Quick test used by the demultiplexer: the top two bits are zero, the magic cookie is present,
    /// the length field is a multiple of four and covers exactly the rest of the datagram.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) => CheckHeader(datagram) == StunParseStatus.Ok;

    /// <summary>The message type (method and class) of a datagram that passed <see cref="IsStun"/>.</summary>
    public static ushort GetMessageType(ReadOnlySpan<byte> datagram) =>
        BinaryPrimitives.ReadUInt16BigEndian(datagram[TypeOffset..]);

    /// <summary>
    /// Finds the USERNAME attribute without a full parse. Returns false when the datagram is not
    /// STUN, is badly framed, or has no USERNAME before MESSAGE-INTEGRITY.
    /// </summary>
    public static bool TryGetUsername(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> username)
    {
        if (!IsStun(datagram))
        {
            username = default;
            return false;
        }

        return TryFindAttribute(datagram, StunConstants.Username, out username);
    }

    /// <summary>
    /// The part of USERNAME before the ':'. RFC 8445 §7.2.2: a check's USERNAME is "RFRAG:LFRAG",
    /// RFRAG being the ufrag of the agent receiving it, so for a request the bridge receives this is
    /// the bridge's own ufrag — the key that finds the session. False without a ':' or with an empty part.
    /// </summary>
    public static bool TryGetLocalUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        if (!TryGetUsername(datagram, out var username))
        {
            return false;
        }

        int separator = username.IndexOf(UsernameSeparator);
        if (separator <= 0)
        {
            return false;
        }

        localUfrag = username[..separator];
        return true;
    }

    /// <summary>Checks the fixed header against the datagram length (RFC 8489 §6.3 first checks).</summary>
    internal static StunParseStatus CheckHeader(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < StunConstants.HeaderSize)
        {
            return StunParseStatus.Truncated;
        }

        if ((datagram[TypeOffset] & TopTwoBitsMask) != 0
            || BinaryPrimitives.ReadUInt32BigEndian(datagram[MagicCookieOffset..]) != StunConstants.MagicCookie)
        {
            return StunParseStatus.NotStun;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
        if (bodyLength % StunConstants.AttributeAlignment != 0)
        {
            return StunParseStatus.Malformed;
        }

        int declaredLength = StunConstants.HeaderSize + bodyLength;
        if (declaredLength > datagram.Length)
        {
            return StunParseStatus.Truncated;
        }

        // Over UDP one datagram carries exactly one message (RFC 8489 §6.2.1): trailing bytes are not ours.
        return declaredLength == datagram.Length ? StunParseStatus.Ok : StunParseStatus.Malformed;
    }

    /// <summary>Writes the length field: the size of everything after the header.</summary>
    internal static void WriteBodyLength(Span<byte> message, int bodyLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(message[LengthOffset..], checked((ushort)bodyLength));

    /// <summary>
    /// Walks the attributes of a message whose header is already checked and returns the first value
    /// of <paramref name="attributeType"/>. Stops at MESSAGE-INTEGRITY unless that is what is asked for
    /// (RFC 8489 §14.5: attributes after it, other than FINGERPRINT, are ignored).
    /// </summary>
    internal static bool TryFindAttribute(ReadOnlySpan<byte> message, ushort attributeType, out ReadOnlySpan<byte> value)
    {
        int offset = StunConstants.HeaderSize;
        while (message.Length - offset >= StunConstants.AttributeHeaderSize)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            int valueOffset = offset + StunConstants.AttributeHeaderSize;
            if (length > message.Length - valueOffset)
            {
                break;
            }

            if (type == attributeType)
            {
                value = message.Slice(valueOffset, length);
                return true;
            }

            if (type == StunConstants.MessageIntegrity && attributeType != StunConstants.Fingerprint)
            {
                break;
            }

            offset = valueOffset + PaddedLength(length);
        }

        value = default;
        return false;
    }

    /// <summary>RFC 8489 §14: a value of <paramref name="length"/> bytes occupies the next multiple of four.</summary>
    internal static int PaddedLength(int length) =>
        (length + StunConstants.AttributeAlignment - 1) & ~(StunConstants.AttributeAlignment - 1);
}
