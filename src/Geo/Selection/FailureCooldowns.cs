namespace OctoMesh.Geo.Selection;

/// <summary>Bridges that just failed (a client could not connect, a relay link broke) and when they may be chosen again. Not thread-safe.</summary>
internal sealed class FailureCooldowns
{
    private readonly Dictionary<string, long> _until = new(StringComparer.Ordinal);

    public bool IsEmpty => _until.Count == 0;

    public void Start(string bridgeId, long until)
    {
        if (!_until.TryGetValue(bridgeId, out var current) || current < until)
            _until[bridgeId] = until;
    }

    public void ExpireAt(long now)
    {
        if (_until.Count == 0)
            return;
        foreach (var (bridgeId, until) in _until)
        {
            if (until <= now)
                _until.Remove(bridgeId); // Removing during enumeration is allowed for Dictionary since .NET Core 3.0.
        }
    }

    public bool IsCoolingDown(string bridgeId) => _until.Count != 0 && _until.ContainsKey(bridgeId);
}
