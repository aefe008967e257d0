namespace OctoMesh.Geo.Selection;

/// <summary>
/// The joins routed within the recent-join window, per bridge (kept on its <see cref="BridgeState"/>) and per room
/// and bridge, so a burst of decisions sees the load and room sizes it is creating before the bridges' own reports
/// catch up. Not thread-safe: the selector holds its lock. Allocates only when a room is routed for the first time
/// within the window.
/// </summary>
internal sealed class JoinLedger
{
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, Dictionary<BridgeKey, int>> _perRoom = new(StringComparer.Ordinal);

    public void Record(BridgeState bridge, string room, long timestamp)
    {
        _entries.Enqueue(new Entry(bridge, room, timestamp));
        bridge.RecentJoins++;
        if (!_perRoom.TryGetValue(room, out var bridges))
            _perRoom[room] = bridges = new Dictionary<BridgeKey, int>();
        bridges[bridge.Key] = bridges.GetValueOrDefault(bridge.Key) + 1;
    }

    /// <summary>Forgets joins recorded before <paramref name="oldestKept"/>.</summary>
    public void ExpireBefore(long oldestKept)
    {
        while (_entries.TryPeek(out var entry) && entry.Timestamp < oldestKept)
        {
            _entries.Dequeue();
            entry.Bridge.RecentJoins--;
            if (!_perRoom.TryGetValue(entry.Room, out var bridges) || !bridges.TryGetValue(entry.Bridge.Key, out var count))
                continue;
            if (count > 1)
                bridges[entry.Bridge.Key] = count - 1;
            else if (bridges.Remove(entry.Bridge.Key) && bridges.Count == 0)
                _perRoom.Remove(entry.Room);
        }
    }

    /// <summary>Recent joins of <paramref name="room"/> by bridge, or null when the room had none.</summary>
    public Dictionary<BridgeKey, int>? JoinsOf(string room) => _perRoom.GetValueOrDefault(room);

    private readonly record struct Entry(BridgeState Bridge, string Room, long Timestamp);
}
