namespace OctoMesh.Geo.Selection;

/// <summary>
/// Positions of the bridges in the candidate list the selector saw last, with their remembered state and this
/// request's facts in arrays of the same order. Rebuilt only when a different list (or a new bridge state) appears,
/// so a decision touches hash tables only for the few bridges its request names (RTT samples, room members).
/// Callers keep passing the same list instance until the registry changes; a list whose ids change in place is
/// not supported (replace it instead). Not thread-safe: the selector holds its lock.
/// </summary>
internal sealed class CandidateIndex
{
    private readonly Dictionary<BridgeKey, int> _positionById = new();
    private object? _list;
    private int _count = -1;
    private int _stateVersion = -1;
    private BridgeState?[] _states = [];
    private int[] _factsStamp = [];
    private RequestFacts[] _facts = [];
    private int _stamp;

    public ReadOnlySpan<BridgeState?> States => _states.AsSpan(0, _count);

    public void Refresh(IReadOnlyList<BridgeCandidate> list, ReadOnlySpan<BridgeCandidate> candidates, Dictionary<BridgeKey, BridgeState> states, int stateVersion)
    {
        if (ReferenceEquals(list, _list) && candidates.Length == _count && stateVersion == _stateVersion)
            return;
        _list = list;
        _count = candidates.Length;
        _stateVersion = stateVersion;
        if (_states.Length < candidates.Length)
        {
            _states = new BridgeState?[candidates.Length];
            _factsStamp = new int[candidates.Length];
            _facts = new RequestFacts[candidates.Length];
        }
        _positionById.Clear();
        for (var i = 0; i < candidates.Length; i++)
        {
            var key = candidates[i].Key;
            _positionById.TryAdd(key, i);
            _states[i] = states.GetValueOrDefault(key);
        }
    }

    /// <summary>Forgets the previous request's facts (by moving to a new stamp, not by clearing).</summary>
    public void BeginRequest()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_factsStamp);
            _stamp = 1;
        }
    }

    public RequestFacts FactsAt(int position) => _factsStamp[position] == _stamp ? _facts[position] : RequestFacts.None;

    public void AddRtt(BridgeKey key, double milliseconds)
    {
        if (!_positionById.TryGetValue(key, out var position))
            return; // Not a candidate: an unknown bridge or one the registry dropped.
        var facts = FactsAt(position);
        if (facts.RttMs < 0 || milliseconds < facts.RttMs)
            Set(position, facts with { RttMs = milliseconds });
    }

    public void AddRoomCount(BridgeKey key, int participants)
    {
        if (!_positionById.TryGetValue(key, out var position))
            return;
        var facts = FactsAt(position);
        if (participants > facts.InRoom)
            Set(position, facts with { InRoom = participants });
    }

    private void Set(int position, RequestFacts facts)
    {
        _facts[position] = facts;
        _factsStamp[position] = _stamp;
    }
}
