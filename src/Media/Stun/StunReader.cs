using System.Buffers.Binary;

namespace OctoMesh.Media.Stun;

/// <summary>
/// Validating STUN parser (RFC 8489 §5, §14). One pass over the attributes records where the known
/// ones are; nothing is copied and nothing throws, whatever the input.
/// </summary>
/// <remarks>
/// Attribute TLV, RFC 8489 §14:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length excludes the padding to the next four-byte boundary.
/// </remarks>
public static class StunReader
{
    private const ushort ComprehensionOptionalStart = 0x8000;

    /// <summary>Parses <paramref name="datagram"/> as one whole STUN message.</summary>
    public static StunParseStatus TryParse(ReadOnlySpan<byte> datagram, out StunMessageView view)
    {
        view = default;
        var headerStatus = StunMessage.CheckHeader(datagram);
        if (headerStatus != StunParseStatus.Ok)
        {
            return headerStatus;
        }

        var index = new StunAttributeIndex();
        int offset = StunConstants.HeaderSize;
        while (offset < datagram.Length)
        {
            // RFC 8489 §14.7: FINGERPRINT, when present, is the last attribute.
            if (index.Fingerprint != 0 || datagram.Length - offset < StunConstants.AttributeHeaderSize)
            {
                return StunParseStatus.Malformed;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            int valueOffset = offset + StunConstants.AttributeHeaderSize;
            if (StunMessage.PaddedLength(length) > datagram.Length - valueOffset)
            {
                return StunParseStatus.Malformed;
            }

            if (!TryRecord(ref index, type, length, offset))
            {
                return StunParseStatus.Malformed;
            }

            offset = valueOffset + StunMessage.PaddedLength(length);
        }

        view = new StunMessageView(datagram, index);
        return StunParseStatus.Ok;
    }

    private static bool TryRecord(ref StunAttributeIndex index, ushort type, int length, int offset)
    {
        if (type == StunConstants.Fingerprint)
        {
            index.Fingerprint = offset;
            return length == StunConstants.FingerprintSize;
        }

        // RFC 8489 §14.5: after MESSAGE-INTEGRITY only FINGERPRINT (and MESSAGE-INTEGRITY-SHA256) may
        // follow; anything else there is ignored, not interpreted.
        if (index.MessageIntegrity != 0)
        {
            return true;
        }

        switch (type)
        {
            case StunConstants.MessageIntegrity:
                index.MessageIntegrity = offset;
                return length == StunConstants.MessageIntegritySize;
            case StunConstants.Username:
                StunAttributeIndex.RecordFirst(ref index.Username, offset);
                return length <= StunConstants.MaxUsernameLength;
            case StunConstants.Priority:
                StunAttributeIndex.RecordFirst(ref index.Priority, offset);
                return length == StunConstants.PrioritySize;
            case StunConstants.UseCandidate:
                StunAttributeIndex.RecordFirst(ref index.UseCandidate, offset);
                return length == 0;
            case StunConstants.IceControlling:
                StunAttributeIndex.RecordFirst(ref index.IceControlling, offset);
                return length == StunConstants.TieBreakerSize;
            case StunConstants.IceControlled:
                StunAttributeIndex.RecordFirst(ref index.IceControlled, offset);
                return length == StunConstants.TieBreakerSize;
            case StunConstants.XorMappedAddress:
                StunAttributeIndex.RecordFirst(ref index.XorMappedAddress, offset);
                return true;
            case StunConstants.ErrorCode:
                StunAttributeIndex.RecordFirst(ref index.ErrorCode, offset);
                return length >= StunErrorCode.HeaderSize;
            case StunConstants.Software:
                StunAttributeIndex.RecordFirst(ref index.Software, offset);
                return true;
            case StunConstants.MappedAddress:
            case StunConstants.UnknownAttributes:
            case StunConstants.Realm:
            case StunConstants.Nonce:
            case StunConstants.MessageIntegritySha256:
                return true;
            default:
                if (type < ComprehensionOptionalStart && index.FirstUnknownRequiredType == 0)
                {
                    index.FirstUnknownRequiredType = type;
                }

                return true;
        }
    }
}
