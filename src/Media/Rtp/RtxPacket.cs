using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp;

/// <summary>
/// RTP retransmission payloads (RFC 4588 §4): an RTX packet carries, after its own header, the original
/// sequence number (OSN, 2 bytes) and then the original payload; SSRC, sequence number and payload type
/// are those of the RTX stream.
/// </summary>
public static class RtxPacket
{
    /// <summary>The original sequence number in front of the payload.</summary>
    public const int OriginalSequenceSize = 2;

    /// <summary>
    /// Turns the packet in the first <paramref name="length"/> bytes of <paramref name="buffer"/> into an RTX payload,
    /// in place: the payload (and any padding) moves up by two bytes and <paramref name="originalSequence"/> goes in
    /// front of it. The caller then sets the RTX stream's SSRC, sequence number and payload type. Returns the new
    /// length; <paramref name="buffer"/> needs <see cref="OriginalSequenceSize"/> bytes of room past the packet.
    /// </summary>
    public static int Wrap(Span<byte> buffer, int length, in RtpHeader header, ushort originalSequence)
    {
        buffer[header.PayloadOffset..length].CopyTo(buffer[(header.PayloadOffset + OriginalSequenceSize)..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[header.PayloadOffset..], originalSequence);
        return length + OriginalSequenceSize;
    }

    /// <summary>
    /// Turns the RTX packet in <paramref name="packet"/> back into the original, in place: the OSN leaves the
    /// payload, and <paramref name="ssrc"/>, the OSN and <paramref name="payloadType"/> go into the header
    /// (marker, timestamp, extensions and padding kept). False for a packet with no OSN (a padding-only probe,
    /// RFC 4588 §4 allows them) or one that is not valid RTP once rebuilt.
    /// </summary>
    /// <param name="original">The rebuilt packet, a prefix of <paramref name="packet"/>, two bytes shorter.</param>
    public static bool TryUnwrap(Span<byte> packet, in RtpHeader header, uint ssrc, byte payloadType, out Span<byte> original, out RtpHeader originalHeader)
    {
        original = default;
        originalHeader = default;
        if (header.PayloadLength < OriginalSequenceSize)
        {
            return false;
        }

        var originalSequence = BinaryPrimitives.ReadUInt16BigEndian(packet[header.PayloadOffset..]);
        packet[(header.PayloadOffset + OriginalSequenceSize)..].CopyTo(packet[header.PayloadOffset..]);
        original = packet[..^OriginalSequenceSize];

        RtpWriter.SetPayloadType(original, payloadType);
        RtpWriter.SetSequenceNumber(original, originalSequence);
        RtpWriter.SetSsrc(original, ssrc);
        return RtpHeader.TryParse(original, out originalHeader);
    }
}
