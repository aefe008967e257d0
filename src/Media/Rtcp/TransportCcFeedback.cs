using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback: RTPFB with FMT 15
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). <see cref="TryParse"/> validates every
/// chunk and delta, so the enumerator never runs past the packet.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// |           recv delta          |  recv delta   | zero padding  |
///
/// run length chunk (§3.1.3):    |T=0| S |       run length (13)     |
/// status vector chunk (§3.1.4): |T=1|S=0| 14 one-bit symbols        |
///                               |T=1|S=1| 7 two-bit symbols         |
/// </code>
/// </remarks>
public readonly ref struct TransportCcFeedback
{
    /// <summary>Size of the feedback header and the fixed transport-cc fields.</summary>
    public const int FixedSize = 20;

    /// <summary>Length of one reference time unit in microseconds (64 ms).</summary>
    public const int ReferenceTimeUnitMicroseconds = 64_000;

    private const int ChunkSize = 2;
    private const int SmallDeltaSize = 1;
    private const int LargeDeltaSize = 2;
    private const int OneBitVectorSymbols = 14;
    private const int TwoBitVectorSymbols = 7;
    private const int ReservedSymbol = 3;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportCcFeedback(ReadOnlySpan<byte> content, int chunksEnd, int deltasEnd)
    {
        SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(4));
        MediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(8));
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(12));
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(14));
        uint word = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(16));
        ReferenceTime = (int)word >> 8; // 24-bit signed, sign-extended
        FeedbackPacketCount = (byte)word;
        _chunks = content.Slice(FixedSize, chunksEnd - FixedSize);
        _deltas = content.Slice(chunksEnd, deltasEnd - chunksEnd);
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source (unused by most senders).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of packets reported.</summary>
    public int PacketStatusCount { get; }

    /// <summary>Signed 24-bit reference time in 64 ms units.</summary>
    public int ReferenceTime { get; }

    /// <summary>Reference time in microseconds.</summary>
    public long ReferenceTimeMicroseconds => (long)ReferenceTime * ReferenceTimeUnitMicroseconds;

    /// <summary>Feedback packet counter, to detect lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>Enumerates (sequence number, symbol, delta) for every reported packet.</summary>
    public Enumerator GetEnumerator() => new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount);

    /// <summary>
    /// Parses the feedback; false for another type/format, chunks that do not cover the status count,
    /// a reserved symbol, or deltas that run past the packet.
    /// </summary>
    public static bool TryParse(RtcpPacketView view, out TransportCcFeedback feedback)
    {
        feedback = default;
        ReadOnlySpan<byte> content = view.Content;
        if (view.PacketType != RtcpPacketType.TransportFeedback
            || view.CountOrFormat != RtcpFeedbackFormat.TransportCc
            || content.Length < FixedSize)
        {
            return false;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(14));
        int offset = FixedSize;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < statusCount)
        {
            if (content.Length < offset + ChunkSize)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(offset));
            offset += ChunkSize;
            int symbols = Math.Min(SymbolsIn(chunk), statusCount - covered);
            for (int i = 0; i < symbols; i++)
            {
                int symbol = SymbolAt(chunk, i);
                if (symbol == ReservedSymbol)
                {
                    return false;
                }

                deltaBytes += DeltaSize(symbol);
            }

            covered += symbols;
        }

        if (content.Length < offset + deltaBytes)
        {
            return false;
        }

        feedback = new TransportCcFeedback(content, offset, offset + deltaBytes);
        return true;
    }

    private static int SymbolsIn(ushort chunk)
    {
        if ((chunk & 0x8000) == 0)
        {
            return chunk & 0x1FFF;
        }

        return (chunk & 0x4000) == 0 ? OneBitVectorSymbols : TwoBitVectorSymbols;
    }

    private static int SymbolAt(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 0x03;
        }

        return (chunk & 0x4000) == 0
            ? (chunk >> (OneBitVectorSymbols - 1 - index)) & 0x01
            : (chunk >> (2 * (TwoBitVectorSymbols - 1 - index))) & 0x03;
    }

    private static int DeltaSize(int symbol) => symbol switch
    {
        (int)TransportCcSymbol.ReceivedSmallDelta => SmallDeltaSize,
        (int)TransportCcSymbol.ReceivedLargeDelta => LargeDeltaSize,
        _ => 0,
    };

    /// <summary>Allocation-free walk over the reported packets, in sequence order.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private readonly ushort _baseSequence;
        private readonly int _count;
        private int _emitted;
        private int _chunkOffset;
        private ushort _chunk;
        private int _symbolIndex;
        private int _symbolsInChunk;
        private int _deltaOffset;

        internal Enumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int count)
        {
            _chunks = chunks;
            _deltas = deltas;
            _baseSequence = baseSequence;
            _count = count;
            _emitted = 0;
            _chunkOffset = 0;
            _chunk = 0;
            _symbolIndex = 0;
            _symbolsInChunk = 0;
            _deltaOffset = 0;
            Current = default;
        }

        /// <summary>The current packet status.</summary>
        public TransportCcPacketStatus Current { get; private set; }

        /// <summary>Advances to the next packet status.</summary>
        public bool MoveNext()
        {
            if (_emitted >= _count)
            {
                return false;
            }

            while (_symbolIndex >= _symbolsInChunk)
            {
                if (_chunkOffset + ChunkSize > _chunks.Length)
                {
                    return false;
                }

                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkOffset));
                _chunkOffset += ChunkSize;
                _symbolIndex = 0;
                _symbolsInChunk = SymbolsIn(_chunk);
            }

            int symbol = SymbolAt(_chunk, _symbolIndex++);
            int delta = 0;
            int size = DeltaSize(symbol);
            if (_deltaOffset + size > _deltas.Length)
            {
                return false;
            }

            if (size == SmallDeltaSize)
            {
                delta = _deltas[_deltaOffset];
            }
            else if (size == LargeDeltaSize)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaOffset));
            }

            _deltaOffset += size;
            Current = new TransportCcPacketStatus((ushort)(_baseSequence + _emitted), (TransportCcSymbol)symbol, delta);
            _emitted++;
            return true;
        }
    }
}
