using System.Buffers.Binary;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// The few header fields SRTP needs from RTP and RTCP packets. The full parsers live elsewhere;
/// this one only finds where the encrypted part starts. The version is not checked here: the
/// RFC 7983 demultiplexer has already routed only 128..191 first bytes to SRTP.
/// </summary>
internal static class SrtpPacketHeaders
{
    /// <summary>RFC 3550 §5.1: the fixed RTP header, up to and including the SSRC.</summary>
    public const int RtpFixedHeaderLength = 12;

    /// <summary>RFC 3711 §3.4: the first 8 RTCP octets (V, P, RC, PT, length, SSRC) stay in the clear.</summary>
    public const int RtcpClearHeaderLength = 8;

    private const int CsrcLength = 4;
    private const int ExtensionHeaderLength = 4;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;

    //  RFC 3550 §5.1 and §5.3.1:
    //   0                   1                   2                   3
    //   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |                           timestamp                           |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |                             SSRC                              |
    //  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
    //  |                    CSRC list (CC x 32 bits)                   |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |   defined by profile (X=1)    |    length (32-bit words)      |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |                  header extension (length x 32 bits)          |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |                     payload (encrypted by SRTP)               |

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension, which SRTP leaves in the
    /// clear (RFC 3711 §3.1). False when the header runs past <paramref name="availableLength"/>.
    /// The caller guarantees at least <see cref="RtpFixedHeaderLength"/> bytes.
    /// </summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, int availableLength, out int headerLength)
    {
        headerLength = RtpFixedHeaderLength + (packet[0] & CsrcCountMask) * CsrcLength;
        if ((packet[0] & ExtensionBit) != 0)
        {
            if (headerLength + ExtensionHeaderLength > availableLength)
            {
                return false;
            }

            int extensionWords = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(headerLength + 2));
            headerLength += ExtensionHeaderLength + extensionWords * 4;
        }

        return headerLength <= availableLength;
    }

    public static ushort RtpSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));

    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));

    /// <summary>The sender SSRC of the first RTCP packet of a compound packet (RFC 3711 §3.4).</summary>
    public static uint RtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
}
