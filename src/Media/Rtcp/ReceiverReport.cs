using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A parsed receiver report (RFC 3550 §6.4.2).
/// </summary>
/// <remarks>
/// <code>
///        0                   1                   2                   3
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=RR=201   |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                     SSRC of packet sender                     |
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///       |                 report blocks (24 bytes each)                 |
/// </code>
/// </remarks>
public readonly ref struct ReceiverReport
{
    /// <summary>Size of the header and sender SSRC, before any report block.</summary>
    public const int FixedSize = 8;

    private ReceiverReport(uint ssrc, ReportBlockCollection blocks)
    {
        Ssrc = ssrc;
        ReportBlocks = blocks;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }

    /// <summary>Number of report blocks.</summary>
    public int ReportBlockCount => ReportBlocks.Count;

    /// <summary>The report blocks.</summary>
    public ReportBlockCollection ReportBlocks { get; }

    /// <summary>Parses an RR; false for another type or a packet shorter than its report blocks.</summary>
    public static bool TryParse(RtcpPacketView view, out ReceiverReport report)
    {
        report = default;
        ReadOnlySpan<byte> content = view.Content;
        int blockCount = view.CountOrFormat;
        if (view.PacketType != RtcpPacketType.ReceiverReport || content.Length < FixedSize + blockCount * ReportBlock.Size)
        {
            return false;
        }

        report = new ReceiverReport(
            BinaryPrimitives.ReadUInt32BigEndian(content.Slice(4)),
            new ReportBlockCollection(content.Slice(FixedSize, blockCount * ReportBlock.Size), blockCount));
        return true;
    }
}
