namespace OctoMesh.Media.Bwe;

/// <summary>
/// The transport-wide sequence numbers this side stamped (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2)
/// and, for each, when it left and how big it was: what a feedback's arrival times are matched against. A ring of
/// the last <see cref="Capacity"/> packets, written lock-free from every thread that sends to the viewer (each
/// slot carries its sequence, written last, so a reader never takes a half-written slot for a whole one).
/// </summary>
public sealed class SendHistory
{
    /// <summary>Packets remembered: several seconds at any rate a viewer receives; feedback comes every 50–100 ms.</summary>
    public const int Capacity = 8192;

    private readonly Entry[] _entries = new Entry[Capacity];
    private int _next = -1;

    public SendHistory()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i].Sequence = -1;
        }
    }

    /// <summary>Take the next sequence number for a packet of <paramref name="size"/> bytes sent at <paramref name="sendTimeUs"/>.</summary>
    public ushort Record(int size, long sendTimeUs, int probeCluster = PacketResult.NoProbe)
    {
        var sequence = (ushort)Interlocked.Increment(ref _next);
        ref var entry = ref _entries[sequence % Capacity];
        Volatile.Write(ref entry.Sequence, -1);
        entry.SendTimeUs = sendTimeUs;
        entry.Size = size;
        entry.ProbeCluster = probeCluster;
        Volatile.Write(ref entry.Sequence, sequence);
        return sequence;
    }

    /// <summary>The record of <paramref name="sequence"/>, if it is still in the ring.</summary>
    public bool TryGet(ushort sequence, out long sendTimeUs, out int size, out int probeCluster)
    {
        ref var entry = ref _entries[sequence % Capacity];
        var before = Volatile.Read(ref entry.Sequence);
        sendTimeUs = entry.SendTimeUs;
        size = entry.Size;
        probeCluster = entry.ProbeCluster;
        return before == sequence && Volatile.Read(ref entry.Sequence) == sequence;
    }

    private struct Entry
    {
        public int Sequence;
        public long SendTimeUs;
        public int Size;
        public int ProbeCluster;
    }
}
