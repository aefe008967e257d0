namespace OctoMesh.Media.Srtp;

/// <summary>
/// Per-SSRC cryptographic state of one context (RFC 3711 §3.2.3: ROC, highest index, replay list),
/// held in fixed arrays sized once: a lookup is a linear scan over a handful of SSRCs and adding
/// one allocates nothing. Full tables refuse new SSRCs instead of growing.
/// </summary>
internal sealed class SsrcStateTable<TState>
    where TState : struct
{
    private const int NotFound = -1;

    private readonly uint[] ssrcs;
    private readonly TState[] states;
    private int count;

    public SsrcStateTable(int capacity)
    {
        ssrcs = new uint[capacity];
        states = new TState[capacity];
    }

    public int Count => count;

    public bool IsFull => count == ssrcs.Length;

    /// <summary>The slot holding <paramref name="ssrc"/>, or -1.</summary>
    public int Find(uint ssrc)
    {
        ReadOnlySpan<uint> known = ssrcs.AsSpan(0, count);
        for (int slot = 0; slot < known.Length; slot++)
        {
            if (known[slot] == ssrc)
            {
                return slot;
            }
        }

        return NotFound;
    }

    /// <summary>Adds a new SSRC; the caller has checked <see cref="IsFull"/> and <see cref="Find"/>.</summary>
    public int Add(uint ssrc, TState initialState)
    {
        int slot = count++;
        ssrcs[slot] = ssrc;
        states[slot] = initialState;
        return slot;
    }

    public ref TState StateAt(int slot) => ref states[slot];

    /// <summary>Forgets every SSRC (used by benchmarks to replay a fixed packet set).</summary>
    public void Clear() => count = 0;
}
