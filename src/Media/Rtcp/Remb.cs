using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// Receiver estimated maximum bitrate: PSFB with FMT 15 and the "REMB" identifier
/// (draft-alvestrand-rmcat-remb-03 §2.2).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               |
/// |  ...                                                          |
/// </code>
/// </remarks>
public readonly ref struct Remb
{
    /// <summary>Size before the SSRC list.</summary>
    public const int FixedSize = 20;

    /// <summary>Largest 18-bit mantissa.</summary>
    public const uint MaxMantissa = 0x3FFFF;

    /// <summary>The identifier "REMB" as a big-endian word.</summary>
    public const uint Identifier = 0x52454D42;

    private const int SsrcSize = 4;
    private const int IdentifierOffset = 12;
    private const int BitrateOffset = 16;
    private const int MantissaBits = 18;

    private Remb(uint senderSsrc, int exponent, uint mantissa, SsrcList ssrcs)
    {
        SenderSsrc = senderSsrc;
        Exponent = exponent;
        Mantissa = mantissa;
        Ssrcs = ssrcs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The 6-bit exponent.</summary>
    public int Exponent { get; }

    /// <summary>The 18-bit mantissa.</summary>
    public uint Mantissa { get; }

    /// <summary>Mantissa × 2^Exponent bits per second, saturated at <see cref="ulong.MaxValue"/>.</summary>
    public ulong Bitrate =>
        Mantissa != 0 && Exponent > (int)ulong.LeadingZeroCount(Mantissa) ? ulong.MaxValue : (ulong)Mantissa << Exponent;

    /// <summary>The SSRCs the estimate applies to.</summary>
    public SsrcList Ssrcs { get; }

    /// <summary>Parses a REMB; false for another type/format, a missing identifier or a short SSRC list.</summary>
    public static bool TryParse(RtcpPacketView view, out Remb remb)
    {
        remb = default;
        ReadOnlySpan<byte> content = view.Content;
        if (view.PacketType != RtcpPacketType.PayloadSpecificFeedback
            || view.CountOrFormat != RtcpFeedbackFormat.ApplicationLayer
            || content.Length < FixedSize
            || BinaryPrimitives.ReadUInt32BigEndian(content.Slice(IdentifierOffset)) != Identifier)
        {
            return false;
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(BitrateOffset));
        int count = (int)(word >> 24);
        if (content.Length < FixedSize + count * SsrcSize)
        {
            return false;
        }

        int exponent = (int)(word >> MantissaBits) & 0x3F;
        uint mantissa = word & MaxMantissa;
        remb = new Remb(view.SenderSsrc, exponent, mantissa, new SsrcList(content.Slice(FixedSize, count * SsrcSize), count));
        return true;
    }
}
