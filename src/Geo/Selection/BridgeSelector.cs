namespace OctoMesh.Geo.Selection;

/// <summary>
/// Chooses the bridge a client joining a room should use (DESIGN.md "Discovery and routing", after Jicofo's
/// region-based strategy made geographic):
/// <list type="number">
/// <item>drop unhealthy, draining and version-mismatched bridges, and those that failed recently (unless nothing else is left);</item>
/// <item>a bridge already hosting the room, near the client and with capacity;</item>
/// <item>else the nearest bridge that is not overloaded and not full for the room;</item>
/// <item>else the least loaded.</item>
/// </list>
/// "Near" is measured RTT when the client sent some for the bridge, else great-circle distance from its geolocated
/// address, else from its hint; a measured bridge ranks before an unmeasured one. Stress is corrected for joins in the
/// recent-join window. Ties are broken by bridge id, so equal inputs give equal decisions.
/// One pass over the candidates with no hash lookup per candidate (<see cref="CandidateIndex"/>), no allocation per decision; thread-safe (decisions are serialised by a lock,
/// each takes microseconds even among a thousand bridges).
/// </summary>
public sealed class BridgeSelector
{
    /// <summary>Proximity keys are tiered: measured RTT in ms (at most 60 000), then 1e6 + angular gap (at most 2), then 2e6 for unknown.</summary>
    private const double TierSpan = 1e6;

    private readonly SelectionOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly JoinLedger _joins = new();
    private readonly Dictionary<BridgeKey, BridgeState> _states = new();
    private readonly CandidateIndex _index = new();
    private int _stateVersion;
    private readonly double _nearbyAngularGap;
    private readonly long _recentJoinWindow;
    private readonly long _failureCooldown;

    public BridgeSelector(SelectionOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _nearbyAngularGap = UnitVector.AngularGapForDistance(options.RoomNearbyRadiusKm);
        _recentJoinWindow = ToTimestampTicks(options.RecentJoinWindow);
        _failureCooldown = ToTimestampTicks(options.FailureCooldown);
    }

    public SelectionOptions Options => _options;

    public SelectionResult Select(RouteRequest request)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _joins.ExpireBefore(now - _recentJoinWindow);
            var candidates = AsSpan(request.Candidates);
            _index.Refresh(request.Candidates, candidates, _states, _stateVersion);
            LoadFacts(request);

            var result = Evaluate(request, candidates, now, allowCoolingDown: false, out var onlyCoolingDownLeft);
            if (onlyCoolingDownLeft)
                result = Evaluate(request, candidates, now, allowCoolingDown: true, out _) with { CoolingDownBridgeUsed = true };
            if (result.Bridge is { } chosen && _options.CountDecisionsAsJoins)
                _joins.Record(StateOf(chosen.Key), request.Room, now);
            return result;
        }
    }

    /// <summary>Avoid <paramref name="bridgeId"/> for <see cref="SelectionOptions.FailureCooldown"/>: a client could not reach it, or a link to it broke.</summary>
    public void ReportFailure(string bridgeId)
    {
        lock (_lock)
        {
            var state = StateOf(new BridgeKey(bridgeId));
            state.CooldownUntil = Math.Max(state.CooldownUntil, _time.GetTimestamp() + _failureCooldown);
        }
    }

    /// <summary>Count a join routed elsewhere (another bridge's decision, learned from the mesh) toward the correction.</summary>
    public void RecordJoin(string bridgeId, string room)
    {
        lock (_lock)
            _joins.Record(StateOf(new BridgeKey(bridgeId)), room, _time.GetTimestamp());
    }

    private SelectionResult Evaluate(RouteRequest request, ReadOnlySpan<BridgeCandidate> candidates, long now, bool allowCoolingDown, out bool onlyCoolingDownLeft)
    {
        var states = _index.States;
        var location = request.GeoIpLocation ?? request.Hint;
        var locationSource = request.GeoIpLocation is not null ? LocationSource.GeoIp
            : request.Hint is not null ? LocationSource.Hint : LocationSource.None;
        var client = location?.ToUnitVector() ?? default;
        var options = _options;

        Ranked roomNearby = default, nearest = default, nearestAny = default, leastLoaded = default;
        var considered = 0;
        var coolingDown = 0;
        var anyMeasured = false;
        for (var i = 0; i < candidates.Length; i++)
        {
            var candidate = candidates[i];
            if (!candidate.Healthy || candidate.Draining
                || (options.RequiredVersion is { } version && !string.Equals(candidate.Version, version, StringComparison.Ordinal)))
                continue;
            considered++;
            var state = states[i];
            if (state is not null && state.CooldownUntil > now)
            {
                coolingDown++;
                if (!allowCoolingDown)
                    continue;
            }

            var facts = _index.FactsAt(i);
            double proximity;
            bool nearby;
            if (facts.RttMs >= 0)
            {
                proximity = facts.RttMs;
                nearby = facts.RttMs <= options.RoomNearbyRttMs;
                anyMeasured = true;
            }
            else if (location is not null)
            {
                var gap = client.AngularGap(candidate.Direction);
                proximity = TierSpan + gap;
                nearby = gap <= _nearbyAngularGap;
            }
            else
            {
                proximity = 2 * TierSpan;
                nearby = false;
            }

            var stress = candidate.Stress + Math.Max(candidate.RecentJoins, state?.RecentJoins ?? 0) * options.StressPerJoin;
            var inRoom = facts.InRoom;
            var hasRoom = inRoom < options.MaxParticipantsPerRoomPerBridge;
            var ranked = new Ranked(candidate, proximity, stress, hasRoom);

            nearestAny = Nearer(nearestAny, ranked);
            leastLoaded = LessLoaded(leastLoaded, ranked);
            if (!hasRoom || stress >= options.OverloadThreshold)
                continue;
            nearest = Nearer(nearest, ranked);
            if (nearby && inRoom > 0)
                roomNearby = Nearer(roomNearby, ranked);
        }

        onlyCoolingDownLeft = !allowCoolingDown && considered > 0 && considered == coolingDown;
        if (leastLoaded.Candidate is null)
            return new SelectionResult { Reason = SelectionReason.NoEligibleBridge, LocationSource = LocationSource.None, CandidatesTotal = candidates.Length, CandidatesConsidered = considered };

        var (chosen, reason) = !anyMeasured && location is null ? (leastLoaded, SelectionReason.LeastLoadedNoLocation)
            : roomNearby.Candidate is not null ? (roomNearby, SelectionReason.RoomBridgeNearby)
            : nearest.Candidate is not null ? (nearest, SelectionReason.Nearest)
            : (leastLoaded, SelectionReason.LeastLoadedAllOverloaded);
        var measured = chosen.Key < TierSpan;
        return new SelectionResult
        {
            Bridge = chosen.Candidate,
            Reason = reason,
            LocationSource = measured ? LocationSource.MeasuredRtt : reason == SelectionReason.LeastLoadedNoLocation ? LocationSource.None : locationSource,
            DistanceKm = location is { } at ? GreatCircle.DistanceKm(at, chosen.Candidate!.Location) : null,
            RttMs = measured ? chosen.Key : null,
            CorrectedStress = chosen.Stress,
            CandidatesTotal = candidates.Length,
            CandidatesConsidered = considered,
            NearerBridgeSkipped = reason == SelectionReason.Nearest && !ReferenceEquals(nearestAny.Candidate, chosen.Candidate) ? nearestAny.Candidate : null,
        };
    }

    /// <summary>Arrays and lists are walked as spans (no interface call per candidate); anything else is copied once.</summary>
    private static ReadOnlySpan<BridgeCandidate> AsSpan(IReadOnlyList<BridgeCandidate> candidates) => candidates switch
    {
        BridgeCandidate[] array => array,
        List<BridgeCandidate> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => candidates.ToArray(),
    };

    /// <summary>
    /// Puts what this request says per bridge into the index's arrays, so the candidate loop does no lookup: the
    /// smallest measured RTT (several samples of one bridge: the least disturbed by queueing), and the people in the
    /// room there, the larger of the room directory's count and the joins this selector routed there within the
    /// window (the directory may not show them yet). Costs one lookup per sample and room member, not per candidate.
    /// </summary>
    private void LoadFacts(RouteRequest request)
    {
        _index.BeginRequest();
        var samples = request.Rtts;
        for (var i = 0; i < samples.Count; i++)
        {
            var (bridgeId, milliseconds) = samples[i];
            if (!string.IsNullOrEmpty(bridgeId) && double.IsFinite(milliseconds) && milliseconds >= 0 && milliseconds < TierSpan)
                _index.AddRtt(new BridgeKey(bridgeId), milliseconds);
        }
        if (request.RoomParticipants is Dictionary<string, int> dictionary)
        {
            foreach (var (bridgeId, participants) in dictionary) // The struct enumerator: no allocation.
                _index.AddRoomCount(new BridgeKey(bridgeId), participants);
        }
        else if (request.RoomParticipants is { Count: > 0 } directory)
        {
            foreach (var (bridgeId, participants) in directory)
                _index.AddRoomCount(new BridgeKey(bridgeId), participants);
        }
        if (_joins.JoinsOf(request.Room) is { } routed)
        {
            foreach (var (key, joins) in routed)
                _index.AddRoomCount(key, joins);
        }
    }

    private BridgeState StateOf(BridgeKey key)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new BridgeState(key);
            _stateVersion++; // The candidate index must pick the new state up.
        }
        return state;
    }

    private static Ranked Nearer(Ranked best, Ranked other) =>
        best.Candidate is null || other.Key < best.Key || (other.Key == best.Key && IdBefore(other, best)) ? other : best;

    /// <summary>Bridges with room for this room's next person first, then lower corrected stress, then nearer, then id.</summary>
    private static Ranked LessLoaded(Ranked best, Ranked other)
    {
        if (best.Candidate is null)
            return other;
        if (other.HasRoom != best.HasRoom)
            return other.HasRoom ? other : best;
        if (other.Stress != best.Stress)
            return other.Stress < best.Stress ? other : best;
        return Nearer(best, other);
    }

    private static bool IdBefore(Ranked a, Ranked b) => string.CompareOrdinal(a.Candidate!.Id, b.Candidate!.Id) < 0;

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private readonly record struct Ranked(BridgeCandidate? Candidate, double Key, double Stress, bool HasRoom);
}
