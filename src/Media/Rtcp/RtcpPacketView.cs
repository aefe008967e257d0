using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// One RTCP packet inside a compound packet, with its common header decoded (RFC 3550 §6.4.1).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |   length (32-bit words - 1)   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of sender / packet sender               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          SSRC of media source (feedback, RFC 4585 §6.1)       |
/// </code>
/// </remarks>
public readonly ref struct RtcpPacketView
{
    /// <summary>Size of the common header.</summary>
    public const int HeaderSize = 4;

    /// <summary>Size of the feedback header: common header, sender SSRC, media SSRC (RFC 4585 §6.1).</summary>
    public const int FeedbackHeaderSize = 12;

    private const int Version = 2;
    private const int WordSize = 4;
    private const byte PaddingBit = 0x20;
    private const byte CountMask = 0x1F;
    private const int SenderSsrcOffset = 4;
    private const int MediaSsrcOffset = 8;

    private RtcpPacketView(ReadOnlySpan<byte> packet, int paddingLength)
    {
        Packet = packet;
        PaddingLength = paddingLength;
    }

    /// <summary>The packet type (200 SR, 201 RR, 202 SDES, 203 BYE, 205 RTPFB, 206 PSFB, ...).</summary>
    public byte PacketType => Packet[1];

    /// <summary>The 5-bit RC/SC count, or FMT for feedback packets.</summary>
    public int CountOrFormat => Packet[0] & CountMask;

    /// <summary>The whole packet as on the wire: header, body and padding.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>Number of padding bytes at the end of <see cref="Packet"/> (0 when P is clear).</summary>
    public int PaddingLength { get; }

    /// <summary>The packet without its padding, header included: what typed parsers read.</summary>
    public ReadOnlySpan<byte> Content => Packet.Slice(0, Packet.Length - PaddingLength);

    /// <summary>True for RTPFB and PSFB packets.</summary>
    public bool IsFeedback =>
        PacketType is RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback;

    /// <summary>The first SSRC after the header (sender / packet sender), or 0 when the packet has none.</summary>
    public uint SenderSsrc => Content.Length >= SenderSsrcOffset + 4
        ? BinaryPrimitives.ReadUInt32BigEndian(Packet.Slice(SenderSsrcOffset))
        : 0;

    /// <summary>The media source SSRC of a feedback packet, or 0 for other packets.</summary>
    public uint MediaSsrc => IsFeedback && Content.Length >= FeedbackHeaderSize
        ? BinaryPrimitives.ReadUInt32BigEndian(Packet.Slice(MediaSsrcOffset))
        : 0;

    /// <summary>
    /// Reads the packet at the start of <paramref name="data"/>. False when the version is not 2, the
    /// length field runs past the data, or the padding count is 0 or larger than the body.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpPacketView view)
    {
        view = default;
        if (data.Length < HeaderSize || data[0] >> 6 != Version)
        {
            return false;
        }

        int size = (BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)) + 1) * WordSize;
        if (size > data.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> packet = data.Slice(0, size);
        int padding = 0;
        if ((packet[0] & PaddingBit) != 0)
        {
            // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
            padding = packet[^1];
            if (padding == 0 || padding > size - HeaderSize)
            {
                return false;
            }
        }

        view = new RtcpPacketView(packet, padding);
        return true;
    }
}
