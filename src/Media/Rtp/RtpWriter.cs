using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp;

/// <summary>
/// In-place rewrites of RTP header fields (RFC 3550 §5.1) used by the forwarder, and a writer for a
/// minimal header. The packet must already have been accepted by <see cref="RtpHeader.TryParse"/>;
/// a span shorter than the fixed header is a programming error and throws.
/// </summary>
public static class RtpWriter
{
    private const int SequenceNumberOffset = 2;
    private const int TimestampOffset = 4;
    private const int SsrcOffset = 8;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;
    private const byte VersionBits = RtpHeader.Version << 6;

    /// <summary>Overwrites the sequence number.</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort seq) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(SequenceNumberOffset), seq);

    /// <summary>Overwrites the timestamp.</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(TimestampOffset), timestamp);

    /// <summary>Overwrites the SSRC.</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(SsrcOffset), ssrc);

    /// <summary>Overwrites the 7-bit payload type, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte pt)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pt, PayloadTypeMask);
        packet[1] = (byte)((packet[1] & MarkerBit) | pt);
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = marker ? (byte)(packet[1] | MarkerBit) : (byte)(packet[1] & PayloadTypeMask);

    /// <summary>
    /// Writes a 12-byte header with no padding, extension or CSRCs. Returns 12, or 0 when
    /// <paramref name="dest"/> is too small.
    /// </summary>
    public static int WriteHeader(Span<byte> dest, byte pt, ushort seq, uint ts, uint ssrc, bool marker)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pt, PayloadTypeMask);
        if (dest.Length < RtpHeader.FixedHeaderSize)
        {
            return 0;
        }

        dest[0] = VersionBits;
        dest[1] = (byte)((marker ? MarkerBit : 0) | pt);
        BinaryPrimitives.WriteUInt16BigEndian(dest.Slice(SequenceNumberOffset), seq);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(TimestampOffset), ts);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(SsrcOffset), ssrc);
        return RtpHeader.FixedHeaderSize;
    }
}
