using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp;

/// <summary>
/// A parsed view of an RTP fixed header (RFC 3550 §5.1), its CSRC list and its header
/// extension block (RFC 3550 §5.3.1, RFC 8285). It stores values and offsets into the packet,
/// never a reference to the buffer, so it can be kept next to a pooled buffer.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>RTP version carried in every packet (RFC 3550 §5.1).</summary>
    public const int Version = 2;

    /// <summary>Size of the fixed header without CSRCs or extension.</summary>
    public const int FixedHeaderSize = 12;

    /// <summary>Size of one CSRC entry.</summary>
    public const int CsrcSize = 4;

    /// <summary>Size of the extension header: 16-bit profile and 16-bit length in words.</summary>
    public const int ExtensionHeaderSize = 4;

    private const int WordSize = 4;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;

    private RtpHeader(
        bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, int csrcCount,
        bool hasExtension, ushort extensionProfile, int extensionOffset, int extensionLength,
        int payloadOffset, int payloadLength, int paddingLength)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        CsrcCount = csrcCount;
        HasExtension = hasExtension;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
    }

    /// <summary>The M bit; for video, the last packet of a frame.</summary>
    public bool Marker { get; }

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>The 32-bit media timestamp.</summary>
    public uint Timestamp { get; }

    /// <summary>The synchronisation source.</summary>
    public uint Ssrc { get; }

    /// <summary>Number of CSRC entries (0..15) following the fixed header.</summary>
    public int CsrcCount { get; }

    /// <summary>True when the X bit is set and an extension block follows the CSRCs.</summary>
    public bool HasExtension { get; }

    /// <summary>The extension profile: 0xBEDE for one-byte, 0x100X for two-byte elements (RFC 8285 §4).</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset of the extension elements area (after the 4-byte extension header); 0 without extension.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length in bytes of the extension elements area (a multiple of 4).</summary>
    public int ExtensionLength { get; }

    /// <summary>Offset of the payload; equals the total header length.</summary>
    public int PayloadOffset { get; }

    /// <summary>Payload length, excluding padding.</summary>
    public int PayloadLength { get; }

    /// <summary>Number of padding bytes at the end of the packet, including the count byte (0 when P is clear).</summary>
    public int PaddingLength { get; }

    /// <summary>True when the P bit is set.</summary>
    public bool HasPadding => PaddingLength > 0;

    /// <summary>Offset of the first CSRC entry.</summary>
    public static int CsrcOffset => FixedHeaderSize;

    /// <summary>Reads CSRC <paramref name="index"/> from the packet this header was parsed from.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(FixedHeaderSize + index * CsrcSize, CsrcSize));
    }

    /// <summary>
    /// Parses an RTP header. Returns false on anything malformed: a version other than 2,
    /// a packet shorter than its CSRC list or extension block, or a padding count of zero or
    /// larger than the space after the header.
    /// </summary>
    /// <remarks>
    /// RFC 3550 §5.1:
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                           timestamp                           |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           synchronization source (SSRC) identifier            |
    /// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
    /// |            contributing source (CSRC) identifiers             |
    /// |                             ....                              |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// RFC 3550 §5.3.1, when X is set:
    /// |      defined by profile       |           length              |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                        header extension                       |
    /// </code>
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderSize || packet[0] >> 6 != Version)
        {
            return false;
        }

        byte first = packet[0];
        int csrcCount = first & CsrcCountMask;
        int offset = FixedHeaderSize + csrcCount * CsrcSize;
        if (packet.Length < offset)
        {
            return false;
        }

        bool hasExtension = (first & ExtensionBit) != 0;
        ushort extensionProfile = 0;
        int extensionOffset = 0;
        int extensionLength = 0;
        if (hasExtension)
        {
            if (packet.Length < offset + ExtensionHeaderSize)
            {
                return false;
            }

            extensionProfile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) * WordSize;
            extensionOffset = offset + ExtensionHeaderSize;
            offset = extensionOffset + extensionLength;
            if (packet.Length < offset)
            {
                return false;
            }
        }

        int paddingLength = 0;
        if ((first & PaddingBit) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding, itself included, so 0 is invalid.
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                return false;
            }
        }

        header = new RtpHeader(
            marker: (packet[1] & MarkerBit) != 0,
            payloadType: (byte)(packet[1] & PayloadTypeMask),
            sequenceNumber: BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            timestamp: BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            ssrc: BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)),
            csrcCount: csrcCount,
            hasExtension: hasExtension,
            extensionProfile: extensionProfile,
            extensionOffset: extensionOffset,
            extensionLength: extensionLength,
            payloadOffset: offset,
            payloadLength: packet.Length - offset - paddingLength,
            paddingLength: paddingLength);
        return true;
    }
}
