using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp;

/// <summary>
/// Writes the transport-wide sequence number header extension (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §2: a 16-bit number, one per packet sent on the transport) into an outgoing packet: into the free tail of an
/// existing RFC 8285 block when there is room (a forwarded packet's own hop-by-hop element was removed and left
/// padding there), else by growing the block one word, else by adding a one-byte block. The packet is rewritten
/// in place; the buffer must have <see cref="MaxGrowth"/> bytes to spare after it.
/// </summary>
public static class TransportSequenceNumber
{
    /// <summary>The most a stamp adds to a packet: a one-byte block header and one word of element.</summary>
    public const int MaxGrowth = RtpHeader.ExtensionHeaderSize + 4;

    private const int ValueSize = 2;

    /// <summary>Stamp <paramref name="sequence"/> with element <paramref name="id"/>; the new length, or -1 if it cannot be written.</summary>
    public static int Write(Span<byte> buffer, int length, in RtpHeader header, int id, ushort sequence)
    {
        if (buffer.Length < length + MaxGrowth || id <= 0)
        {
            return -1;
        }

        if (!header.HasExtension)
        {
            return id <= RtpHeaderExtensions.OneByteMaxId ? AddBlock(buffer, length, header, id, sequence) : -1;
        }

        var form = RtpHeaderExtensions.GetForm(header);
        var elementHeader = form switch
        {
            RtpExtensionForm.OneByte when id <= RtpHeaderExtensions.OneByteMaxId => 1,
            RtpExtensionForm.TwoByte => 2,
            _ => 0,
        };
        if (elementHeader == 0)
        {
            return -1;
        }

        var usedEnd = header.ExtensionOffset;
        var elements = new RtpHeaderExtensionEnumerator(buffer[..length], header);
        while (elements.MoveNext())
        {
            usedEnd = Math.Max(usedEnd, elements.Current.ValueOffset + elements.Current.ValueLength);
        }

        if (elements.IsMalformed)
        {
            return -1;
        }

        var blockEnd = header.ExtensionOffset + header.ExtensionLength;
        var needed = elementHeader + ValueSize;
        var grow = blockEnd - usedEnd >= needed ? 0 : 4;
        if (grow > 0)
        {
            // One more word: the payload moves up; the block's length (in words, RFC 3550 §5.3.1) grows by one.
            buffer[blockEnd..length].CopyTo(buffer[(blockEnd + grow)..]);
            buffer.Slice(blockEnd, grow).Clear();
            var words = BinaryPrimitives.ReadUInt16BigEndian(buffer[(header.ExtensionOffset - 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(header.ExtensionOffset - 2)..], (ushort)(words + 1));
        }

        WriteElement(buffer[usedEnd..], elementHeader, id, sequence);
        return length + grow;
    }

    private static int AddBlock(Span<byte> buffer, int length, in RtpHeader header, int id, ushort sequence)
    {
        // RFC 8285 §4.2: 0xBEDE, one word of elements: the 3-byte element and a padding byte.
        var at = header.PayloadOffset;
        const int added = RtpHeader.ExtensionHeaderSize + 4;
        buffer[at..length].CopyTo(buffer[(at + added)..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], RtpHeaderExtensions.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(at + 2)..], 1);
        WriteElement(buffer[(at + RtpHeader.ExtensionHeaderSize)..], 1, id, sequence);
        buffer[at + RtpHeader.ExtensionHeaderSize + 3] = 0;
        buffer[0] |= 0x10;
        return length + added;
    }

    private static void WriteElement(Span<byte> destination, int elementHeader, int id, ushort sequence)
    {
        if (elementHeader == 1)
        {
            // One-byte form: ID in the high nibble, length − 1 in the low one.
            destination[0] = (byte)((id << 4) | (ValueSize - 1));
        }
        else
        {
            destination[0] = (byte)id;
            destination[1] = ValueSize;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[elementHeader..], sequence);
    }
}
