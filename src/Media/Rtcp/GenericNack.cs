using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>
/// A generic NACK: RTPFB with FMT 1 (RFC 4585 §6.2.1). Each FCI entry names a lost packet (PID) and
/// a bitmask of the 16 following ones (BLP: bit i set means PID + i + 1 is lost too).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=205     |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            PID                |             BLP               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct GenericNack
{
    /// <summary>Size of one PID/BLP pair.</summary>
    public const int PairSize = 4;

    /// <summary>Number of packets a BLP mask covers after its PID.</summary>
    public const int BitmaskLength = 16;

    private readonly ReadOnlySpan<byte> _pairs;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> pairs)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _pairs = pairs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source whose packets were lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of PID/BLP pairs.</summary>
    public int PairCount => _pairs.Length / PairSize;

    /// <summary>Enumerates the lost sequence numbers, PID first then each BLP bit from least significant.</summary>
    public LostSequenceEnumerator GetEnumerator() => new(_pairs);

    /// <summary>Parses a generic NACK; false for another type/format, no pair, or a partial pair.</summary>
    public static bool TryParse(RtcpPacketView view, out GenericNack nack)
    {
        nack = default;
        ReadOnlySpan<byte> content = view.Content;
        if (view.PacketType != RtcpPacketType.TransportFeedback
            || view.CountOrFormat != RtcpFeedbackFormat.GenericNack
            || content.Length < RtcpPacketView.FeedbackHeaderSize + PairSize
            || (content.Length - RtcpPacketView.FeedbackHeaderSize) % PairSize != 0)
        {
            return false;
        }

        nack = new GenericNack(view.SenderSsrc, view.MediaSsrc, content.Slice(RtcpPacketView.FeedbackHeaderSize));
        return true;
    }

    /// <summary>Allocation-free walk over the lost sequence numbers of all pairs.</summary>
    public ref struct LostSequenceEnumerator
    {
        private readonly ReadOnlySpan<byte> _pairs;
        private int _pairOffset;
        private int _bit; // -1: the PID itself; 0..15: BLP bits
        private ushort _pid;
        private ushort _mask;

        internal LostSequenceEnumerator(ReadOnlySpan<byte> pairs)
        {
            _pairs = pairs;
            _pairOffset = -PairSize;
            _bit = BitmaskLength;
            _pid = 0;
            _mask = 0;
            Current = 0;
        }

        /// <summary>The current lost sequence number.</summary>
        public ushort Current { get; private set; }

        /// <summary>Advances to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (true)
            {
                while (++_bit < BitmaskLength)
                {
                    if ((_mask & (1 << _bit)) != 0)
                    {
                        Current = (ushort)(_pid + _bit + 1); // wraps past 65535 by design
                        return true;
                    }
                }

                _pairOffset += PairSize;
                if (_pairOffset + PairSize > _pairs.Length)
                {
                    return false;
                }

                _pid = BinaryPrimitives.ReadUInt16BigEndian(_pairs.Slice(_pairOffset));
                _mask = BinaryPrimitives.ReadUInt16BigEndian(_pairs.Slice(_pairOffset + 2));
                _bit = -1;
                Current = _pid;
                return true;
            }
        }
    }
}
