namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The entries shared by every <see cref="EmbeddedBridgeRegistry"/> of one process (the <c>demo</c>
/// command runs three bridges in one process over one list). Thread-safe.
/// </summary>
public sealed class InProcessBridgeList
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BridgeRecord> _entries = new(StringComparer.Ordinal);

    /// <summary>Raised after every change, on the thread that made it.</summary>
    public event Action? Changed;

    /// <summary>A copy of the entries, ordered by id.</summary>
    public IReadOnlyList<BridgeRecord> Snapshot()
    {
        lock (_gate)
        {
            return BridgeSets.Ordered(_entries.Values);
        }
    }

    internal void Upsert(BridgeRecord record)
    {
        lock (_gate)
        {
            _entries[record.Id] = record;
        }
        Changed?.Invoke();
    }

    internal void Remove(string id)
    {
        bool removed;
        lock (_gate)
        {
            removed = _entries.Remove(id);
        }
        if (removed)
        {
            Changed?.Invoke();
        }
    }
}
