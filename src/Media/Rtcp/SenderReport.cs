using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A parsed sender report (RFC 3550 §6.4.1).
/// </summary>
/// <remarks>
/// <code>
///        0                   1                   2                   3
///        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=SR=200   |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                         SSRC of sender                        |
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// sender |              NTP timestamp, most significant word             |
/// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |             NTP timestamp, least significant word             |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                         RTP timestamp                         |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                     sender's packet count                     |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                      sender's octet count                     |
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///       |                 report blocks (24 bytes each)                 |
/// </code>
/// </remarks>
public readonly ref struct SenderReport
{
    /// <summary>Size of the header, sender SSRC and sender info, before any report block.</summary>
    public const int FixedSize = 28;

    private SenderReport(ReadOnlySpan<byte> content, int blockCount)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(4));
        NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(content.Slice(8));
        RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(16));
        PacketCount = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(20));
        OctetCount = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(24));
        ReportBlocks = new ReportBlockCollection(content.Slice(FixedSize, blockCount * ReportBlock.Size), blockCount);
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; }

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp { get; }

    /// <summary>The RTP timestamp matching <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Sender's packet count.</summary>
    public uint PacketCount { get; }

    /// <summary>Sender's payload octet count.</summary>
    public uint OctetCount { get; }

    /// <summary>Number of report blocks.</summary>
    public int ReportBlockCount => ReportBlocks.Count;

    /// <summary>The report blocks.</summary>
    public ReportBlockCollection ReportBlocks { get; }

    /// <summary>The middle 32 bits of the NTP timestamp, as echoed in LSR (RFC 3550 §6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    /// <summary>Parses an SR; false for another type or a packet shorter than its report blocks.</summary>
    public static bool TryParse(RtcpPacketView view, out SenderReport report)
    {
        report = default;
        ReadOnlySpan<byte> content = view.Content;
        int blockCount = view.CountOrFormat;
        if (view.PacketType != RtcpPacketType.SenderReport || content.Length < FixedSize + blockCount * ReportBlock.Size)
        {
            return false;
        }

        report = new SenderReport(content, blockCount);
        return true;
    }
}
