namespace OctoMesh.Geo.Selection;

/// <summary>
/// The joins routed within the recent-join window, per bridge and per room and bridge, so a burst of decisions
/// sees the load and room sizes it is creating before the bridges' own reports catch up. Not thread-safe: the
/// selector holds its lock. Allocates only when a room is routed for the first time within the window.
/// </summary>
internal sealed class JoinLedger
{
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, int> _perBridge = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _perRoom = new(StringComparer.Ordinal);

    public bool IsEmpty => _perBridge.Count == 0;

    public void Record(string bridgeId, string room, long timestamp)
    {
        _entries.Enqueue(new Entry(bridgeId, room, timestamp));
        Increment(_perBridge, bridgeId);
        if (!_perRoom.TryGetValue(room, out var bridges))
            _perRoom[room] = bridges = new Dictionary<string, int>(StringComparer.Ordinal);
        Increment(bridges, bridgeId);
    }

    /// <summary>Forgets joins recorded before <paramref name="oldestKept"/>.</summary>
    public void ExpireBefore(long oldestKept)
    {
        while (_entries.TryPeek(out var entry) && entry.Timestamp < oldestKept)
        {
            _entries.Dequeue();
            Decrement(_perBridge, entry.BridgeId);
            if (_perRoom.TryGetValue(entry.Room, out var bridges))
            {
                Decrement(bridges, entry.BridgeId);
                if (bridges.Count == 0)
                    _perRoom.Remove(entry.Room);
            }
        }
    }

    public int JoinsOn(string bridgeId) =>
        _perBridge.Count != 0 && _perBridge.TryGetValue(bridgeId, out var count) ? count : 0;

    /// <summary>Recent joins of <paramref name="room"/> by bridge id, or null when the room had none.</summary>
    public Dictionary<string, int>? JoinsOf(string room) => _perRoom.GetValueOrDefault(room);

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (!counts.TryGetValue(key, out var count))
            return;
        if (count <= 1)
            counts.Remove(key);
        else
            counts[key] = count - 1;
    }

    private readonly record struct Entry(string BridgeId, string Room, long Timestamp);
}
