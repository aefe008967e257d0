using System.Buffers.Binary;
using System.Text;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A parsed source description packet (RFC 3550 §6.5), reduced to what the bridge needs: the
/// first CNAME and the SSRC of the chunk that carries it. All chunks are validated.
/// </summary>
/// <remarks>
/// <code>
///        0                   1                   2                   3
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// chunk  |                          SSRC/CSRC_1                          |
///   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |    CNAME=1    |     length    | user and domain name        ...
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |  ... items ... | END=0 | zero padding to a 32-bit boundary     |
/// </code>
/// </remarks>
public readonly ref struct Sdes
{
    /// <summary>SDES item type of CNAME (RFC 3550 §6.5.1).</summary>
    public const byte CnameItemType = 1;

    private const int SsrcSize = 4;
    private const int ItemHeaderSize = 2;
    private const int WordSize = 4;

    private Sdes(int chunkCount, bool hasCname, uint cnameSsrc, ReadOnlySpan<byte> cnameUtf8)
    {
        ChunkCount = chunkCount;
        HasCname = hasCname;
        CnameSsrc = cnameSsrc;
        CnameUtf8 = cnameUtf8;
    }

    /// <summary>Number of chunks (SC).</summary>
    public int ChunkCount { get; }

    /// <summary>True when some chunk carries a CNAME item.</summary>
    public bool HasCname { get; }

    /// <summary>SSRC of the chunk carrying the first CNAME.</summary>
    public uint CnameSsrc { get; }

    /// <summary>The first CNAME, UTF-8 encoded, inside the packet.</summary>
    public ReadOnlySpan<byte> CnameUtf8 { get; }

    /// <summary>The first CNAME as a string (allocates; for signalling and logs, not the packet path).</summary>
    public string GetCname() => Encoding.UTF8.GetString(CnameUtf8);

    /// <summary>Parses an SDES packet; false for another type or when a chunk or item overruns the packet.</summary>
    public static bool TryParse(RtcpPacketView view, out Sdes sdes)
    {
        sdes = default;
        if (view.PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        ReadOnlySpan<byte> content = view.Content;
        int chunkCount = view.CountOrFormat;
        int offset = RtcpPacketView.HeaderSize;
        bool hasCname = false;
        uint cnameSsrc = 0;
        ReadOnlySpan<byte> cname = default;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            if (content.Length < offset + SsrcSize)
            {
                return false;
            }

            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(offset));
            offset += SsrcSize;
            while (true)
            {
                if (offset >= content.Length)
                {
                    return false;
                }

                byte type = content[offset];
                if (type == 0)
                {
                    // RFC 3550 §6.5: the list ends with a null octet, then pads to a 32-bit boundary.
                    offset = (offset + WordSize) & ~(WordSize - 1);
                    break;
                }

                if (content.Length < offset + ItemHeaderSize || content.Length < offset + ItemHeaderSize + content[offset + 1])
                {
                    return false;
                }

                int length = content[offset + 1];
                if (type == CnameItemType && !hasCname)
                {
                    hasCname = true;
                    cnameSsrc = ssrc;
                    cname = content.Slice(offset + ItemHeaderSize, length);
                }

                offset += ItemHeaderSize + length;
            }
        }

        if (offset > content.Length)
        {
            return false;
        }

        sdes = new Sdes(chunkCount, hasCname, cnameSsrc, cname);
        return true;
    }
}
