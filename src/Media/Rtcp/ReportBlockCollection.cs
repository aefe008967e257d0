namespace OctoMesh.Media.Rtcp;

/// <summary>The report blocks of an SR or RR, read on demand without allocation.</summary>
public readonly ref struct ReportBlockCollection
{
    private readonly ReadOnlySpan<byte> _blocks;

    internal ReportBlockCollection(ReadOnlySpan<byte> blocks, int count)
    {
        _blocks = blocks;
        Count = count;
    }

    /// <summary>Number of blocks.</summary>
    public int Count { get; }

    /// <summary>Block <paramref name="index"/>.</summary>
    public ReportBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            ReportBlock.TryRead(_blocks.Slice(index * ReportBlock.Size), out ReportBlock block);
            return block;
        }
    }

    /// <summary>A <c>foreach</c> enumerator.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerates the blocks in order.</summary>
    public ref struct Enumerator
    {
        private readonly ReportBlockCollection _collection;
        private int _index;

        internal Enumerator(ReportBlockCollection collection)
        {
            _collection = collection;
            _index = -1;
        }

        /// <summary>The current block.</summary>
        public readonly ReportBlock Current => _collection[_index];

        /// <summary>Advances to the next block.</summary>
        public bool MoveNext() => ++_index < _collection.Count;
    }
}
