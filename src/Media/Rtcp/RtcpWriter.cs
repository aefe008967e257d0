using System.Buffers.Binary;
using System.Text;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// Writes single RTCP packets into a caller-supplied buffer. Every method returns the number of bytes
/// written, or 0 when <c>dest</c> is too small or the input cannot be expressed (too many entries for
/// a 5- or 8-bit count, a CNAME longer than 255 UTF-8 bytes, an empty NACK list). Nothing allocates.
/// Concatenate the results to build a compound packet (RFC 3550 §6.1).
/// </summary>
public static class RtcpWriter
{
    /// <summary>Largest count that fits the 5-bit RC/SC field.</summary>
    public const int MaxCount = 31;

    private const int Version = 2;
    private const int WordSize = 4;
    private const int SsrcSize = 4;
    private const int MaxSdesItemLength = 255;
    private const int SdesChunkFixedSize = SsrcSize + 2; // SSRC, item type, item length
    private const int MaxRembSsrcs = 255;

    /// <summary>Writes a PLI (RFC 4585 §6.3.1): 12 bytes.</summary>
    public static int WritePli(Span<byte> dest, uint senderSsrc, uint mediaSsrc)
    {
        if (dest.Length < Pli.Size)
        {
            return 0;
        }

        WriteFeedbackHeader(dest, RtcpFeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadSpecificFeedback, Pli.Size, senderSsrc, mediaSsrc);
        return Pli.Size;
    }

    /// <summary>
    /// Writes a FIR (RFC 5104 §4.3.1) with one entry asking <paramref name="mediaSsrc"/> for a decoder
    /// refresh; the header's media source field is 0 as §4.3.1.2 requires. 20 bytes.
    /// </summary>
    public static int WriteFir(Span<byte> dest, uint senderSsrc, uint mediaSsrc, byte seqNr)
    {
        const int size = RtcpPacketView.FeedbackHeaderSize + Fir.EntrySize;
        if (dest.Length < size)
        {
            return 0;
        }

        WriteFeedbackHeader(dest, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadSpecificFeedback, size, senderSsrc, 0);
        Span<byte> entry = dest.Slice(RtcpPacketView.FeedbackHeaderSize, Fir.EntrySize);
        BinaryPrimitives.WriteUInt32BigEndian(entry, mediaSsrc);
        entry[4] = seqNr;
        entry.Slice(5).Clear();
        return size;
    }

    /// <summary>
    /// Writes a generic NACK (RFC 4585 §6.2.1) packing <paramref name="lost"/> into PID/BLP pairs: a pair
    /// starts at a lost number and covers the 16 following ones (mod 2^16, so runs across 65535 → 0 pack
    /// together). Give the list in ascending RTP order for the tightest packing; any order is correct.
    /// </summary>
    public static int WriteNack(Span<byte> dest, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
        {
            return 0;
        }

        int pairs = PackNack(lost, default);
        int size = RtcpPacketView.FeedbackHeaderSize + pairs * GenericNack.PairSize;
        if (dest.Length < size)
        {
            return 0;
        }

        WriteFeedbackHeader(dest, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, size, senderSsrc, mediaSsrc);
        PackNack(lost, dest.Slice(RtcpPacketView.FeedbackHeaderSize, pairs * GenericNack.PairSize));
        return size;
    }

    /// <summary>Writes a receiver report (RFC 3550 §6.4.2) with up to 31 blocks.</summary>
    public static int WriteReceiverReport(Span<byte> dest, uint senderSsrc, ReadOnlySpan<ReportBlock> blocks)
    {
        int size = ReceiverReport.FixedSize + blocks.Length * ReportBlock.Size;
        if (blocks.Length > MaxCount || dest.Length < size)
        {
            return 0;
        }

        WriteHeader(dest, blocks.Length, RtcpPacketType.ReceiverReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(4), senderSsrc);
        WriteBlocks(dest.Slice(ReceiverReport.FixedSize), blocks);
        return size;
    }

    /// <summary>Writes a sender report (RFC 3550 §6.4.1) with up to 31 blocks.</summary>
    public static int WriteSenderReport(
        Span<byte> dest, uint ssrc, ulong ntp, uint rtpTs, uint packets, uint octets, ReadOnlySpan<ReportBlock> blocks)
    {
        int size = SenderReport.FixedSize + blocks.Length * ReportBlock.Size;
        if (blocks.Length > MaxCount || dest.Length < size)
        {
            return 0;
        }

        WriteHeader(dest, blocks.Length, RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(8), ntp);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(16), rtpTs);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(20), packets);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(24), octets);
        WriteBlocks(dest.Slice(SenderReport.FixedSize), blocks);
        return size;
    }

    /// <summary>
    /// Writes an SDES packet (RFC 3550 §6.5) with one chunk holding one CNAME item, the item list ended
    /// by null octets up to the next 32-bit boundary. The CNAME is UTF-8 encoded straight into <paramref name="dest"/>.
    /// </summary>
    public static int WriteSdesCname(Span<byte> dest, uint ssrc, string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        int textLength = Encoding.UTF8.GetByteCount(cname);
        if (textLength > MaxSdesItemLength)
        {
            return 0;
        }

        int chunkLength = AlignToWord(SdesChunkFixedSize + textLength + 1); // at least one null octet
        int size = RtcpPacketView.HeaderSize + chunkLength;
        if (dest.Length < size)
        {
            return 0;
        }

        WriteHeader(dest, 1, RtcpPacketType.SourceDescription, size);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(4), ssrc);
        dest[8] = Sdes.CnameItemType;
        dest[9] = (byte)textLength;
        int written = Encoding.UTF8.GetBytes(cname, dest.Slice(10, textLength));
        dest.Slice(10 + written, size - 10 - written).Clear();
        return size;
    }

    /// <summary>Writes a BYE (RFC 3550 §6.6) for up to 31 SSRCs, without a reason.</summary>
    public static int WriteBye(Span<byte> dest, ReadOnlySpan<uint> ssrcs)
    {
        int size = RtcpPacketView.HeaderSize + ssrcs.Length * SsrcSize;
        if (ssrcs.Length > MaxCount || dest.Length < size)
        {
            return 0;
        }

        WriteHeader(dest, ssrcs.Length, RtcpPacketType.Goodbye, size);
        WriteSsrcs(dest.Slice(RtcpPacketView.HeaderSize), ssrcs);
        return size;
    }

    /// <summary>
    /// Writes a REMB (draft-alvestrand-rmcat-remb-03 §2.2) for up to 255 SSRCs. The bitrate is encoded
    /// with the smallest exponent whose mantissa fits 18 bits, rounding down.
    /// </summary>
    public static int WriteRemb(Span<byte> dest, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        int size = Remb.FixedSize + ssrcs.Length * SsrcSize;
        if (ssrcs.Length > MaxRembSsrcs || dest.Length < size)
        {
            return 0;
        }

        int exponent = 0;
        while (bitrate >> exponent > Remb.MaxMantissa)
        {
            exponent++;
        }

        uint mantissa = (uint)(bitrate >> exponent);
        WriteFeedbackHeader(dest, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadSpecificFeedback, size, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(12), Remb.Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(16), (uint)ssrcs.Length << 24 | (uint)exponent << 18 | mantissa);
        WriteSsrcs(dest.Slice(Remb.FixedSize), ssrcs);
        return size;
    }

    // Returns the number of pairs; writes them when destination is not empty.
    private static int PackNack(ReadOnlySpan<ushort> lost, Span<byte> destination)
    {
        int pairs = 0;
        ushort pid = lost[0];
        ushort mask = 0;
        for (int i = 1; i < lost.Length; i++)
        {
            int distance = (ushort)(lost[i] - pid);
            if (distance == 0)
            {
                continue; // duplicate of the PID
            }

            if (distance <= GenericNack.BitmaskLength)
            {
                mask |= (ushort)(1 << (distance - 1));
                continue;
            }

            WritePair(destination, pairs++, pid, mask);
            pid = lost[i];
            mask = 0;
        }

        WritePair(destination, pairs++, pid, mask);
        return pairs;
    }

    private static void WritePair(Span<byte> destination, int index, ushort pid, ushort mask)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        Span<byte> pair = destination.Slice(index * GenericNack.PairSize, GenericNack.PairSize);
        BinaryPrimitives.WriteUInt16BigEndian(pair, pid);
        BinaryPrimitives.WriteUInt16BigEndian(pair.Slice(2), mask);
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<ReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].WriteTo(destination.Slice(i * ReportBlock.Size));
        }
    }

    private static void WriteSsrcs(Span<byte> destination, ReadOnlySpan<uint> ssrcs)
    {
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(i * SsrcSize), ssrcs[i]);
        }
    }

    private static void WriteFeedbackHeader(Span<byte> dest, int format, byte packetType, int size, uint senderSsrc, uint mediaSsrc)
    {
        WriteHeader(dest, format, packetType, size);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(8), mediaSsrc);
    }

    // RFC 3550 §6.4.1: V=2, P=0, count, type, length in 32-bit words minus one.
    private static void WriteHeader(Span<byte> dest, int countOrFormat, byte packetType, int size)
    {
        dest[0] = (byte)(Version << 6 | countOrFormat);
        dest[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(dest.Slice(2), (ushort)(size / WordSize - 1));
    }

    private static int AlignToWord(int length) => (length + WordSize - 1) & ~(WordSize - 1);
}
