using System.Buffers.Binary;

namespace OctoMesh.Media.Rtcp;

/// <summary>A run of 32-bit SSRCs inside an RTCP packet (BYE, REMB), read without allocation.</summary>
public readonly ref struct SsrcList
{
    private const int SsrcSize = 4;
    private readonly ReadOnlySpan<byte> _ssrcs;

    internal SsrcList(ReadOnlySpan<byte> ssrcs, int count)
    {
        _ssrcs = ssrcs;
        Count = count;
    }

    /// <summary>Number of SSRCs.</summary>
    public int Count { get; }

    /// <summary>SSRC <paramref name="index"/>.</summary>
    public uint this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * SsrcSize));
        }
    }

    /// <summary>A <c>foreach</c> enumerator.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerates the SSRCs in order.</summary>
    public ref struct Enumerator
    {
        private readonly SsrcList _list;
        private int _index;

        internal Enumerator(SsrcList list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current SSRC.</summary>
        public readonly uint Current => _list[_index];

        /// <summary>Advances to the next SSRC.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
