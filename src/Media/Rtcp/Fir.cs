using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A full intra request: PSFB with FMT 4 (RFC 5104 §4.3.1). The media source field of the header is
/// unused (0); each FCI entry names the media sender that should send a decoder refresh point.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=4  |    PT=206     |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (unused, 0)             |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                              SSRC                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Seq nr.       |    Reserved                                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct Fir
{
    /// <summary>Size of one FCI entry.</summary>
    public const int EntrySize = 8;

    private readonly ReadOnlySpan<byte> _entries;

    private Fir(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _entries = entries;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The (unused) media source field of the header.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int Count => _entries.Length / EntrySize;

    /// <summary>Entry <paramref name="index"/>.</summary>
    public FirEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            ReadOnlySpan<byte> entry = _entries.Slice(index * EntrySize, EntrySize);
            return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
        }
    }

    /// <summary>A <c>foreach</c> enumerator over the entries.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Parses a FIR; false for another type/format, no entry, or a partial entry.</summary>
    public static bool TryParse(RtcpPacketView view, out Fir fir)
    {
        fir = default;
        ReadOnlySpan<byte> content = view.Content;
        if (view.PacketType != RtcpPacketType.PayloadSpecificFeedback
            || view.CountOrFormat != RtcpFeedbackFormat.FullIntraRequest
            || content.Length < RtcpPacketView.FeedbackHeaderSize + EntrySize
            || (content.Length - RtcpPacketView.FeedbackHeaderSize) % EntrySize != 0)
        {
            return false;
        }

        fir = new Fir(view.SenderSsrc, view.MediaSsrc, content.Slice(RtcpPacketView.FeedbackHeaderSize));
        return true;
    }

    /// <summary>Enumerates the FCI entries in order.</summary>
    public ref struct Enumerator
    {
        private readonly Fir _fir;
        private int _index;

        internal Enumerator(Fir fir)
        {
            _fir = fir;
            _index = -1;
        }

        /// <summary>The current entry.</summary>
        public readonly FirEntry Current => _fir[_index];

        /// <summary>Advances to the next entry.</summary>
        public bool MoveNext() => ++_index < _fir.Count;
    }
}
