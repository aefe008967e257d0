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
/// One pass over the candidates, no allocation per decision; thread-safe (decisions are serialised by a lock,
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
    private readonly FailureCooldowns _cooldowns = new();
    private readonly Dictionary<string, double> _rttScratch = new(StringComparer.Ordinal);
    private ulong _rttIdFilter;
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
            _cooldowns.ExpireAt(now);
            LoadRtts(request.Rtts);

            var result = Evaluate(request, allowCoolingDown: false, out var onlyCoolingDownLeft);
            if (onlyCoolingDownLeft)
                result = Evaluate(request, allowCoolingDown: true, out _) with { CoolingDownBridgeUsed = true };
            if (result.Bridge is { } chosen && _options.CountDecisionsAsJoins)
                _joins.Record(chosen.Id, request.Room, now);
            return result;
        }
    }

    /// <summary>Avoid <paramref name="bridgeId"/> for <see cref="SelectionOptions.FailureCooldown"/>: a client could not reach it, or a link to it broke.</summary>
    public void ReportFailure(string bridgeId)
    {
        lock (_lock)
            _cooldowns.Start(bridgeId, _time.GetTimestamp() + _failureCooldown);
    }

    /// <summary>Count a join routed elsewhere (another bridge's decision, learned from the mesh) toward the correction.</summary>
    public void RecordJoin(string bridgeId, string room)
    {
        lock (_lock)
            _joins.Record(bridgeId, room, _time.GetTimestamp());
    }

    private SelectionResult Evaluate(RouteRequest request, bool allowCoolingDown, out bool onlyCoolingDownLeft)
    {
        var candidates = AsSpan(request.Candidates);
        var location = request.GeoIpLocation ?? request.Hint;
        var locationSource = request.GeoIpLocation is not null ? LocationSource.GeoIp
            : request.Hint is not null ? LocationSource.Hint : LocationSource.None;
        var client = location?.ToUnitVector() ?? default;
        var roomDirectory = request.RoomParticipants is { Count: > 0 } directory ? directory : null;
        var roomJoins = _joins.JoinsOf(request.Room);
        var options = _options;

        Ranked roomNearby = default, nearest = default, nearestAny = default, leastLoaded = default;
        var considered = 0;
        var coolingDown = 0;
        var anyMeasured = false;
        foreach (var candidate in candidates)
        {
            if (!candidate.Healthy || candidate.Draining
                || (options.RequiredVersion is { } version && !string.Equals(candidate.Version, version, StringComparison.Ordinal)))
                continue;
            considered++;
            if (!_cooldowns.IsEmpty && _cooldowns.IsCoolingDown(candidate.Id))
            {
                coolingDown++;
                if (!allowCoolingDown)
                    continue;
            }

            double key;
            bool nearby;
            if (_rttScratch.Count != 0 && (_rttIdFilter & IdFilterBit(candidate.Id)) != 0 && _rttScratch.TryGetValue(candidate.Id, out var rtt))
            {
                key = rtt;
                nearby = rtt <= options.RoomNearbyRttMs;
                anyMeasured = true;
            }
            else if (location is not null)
            {
                var gap = client.AngularGap(candidate.Direction);
                key = TierSpan + gap;
                nearby = gap <= _nearbyAngularGap;
            }
            else
            {
                key = 2 * TierSpan;
                nearby = false;
            }

            var stress = candidate.Stress + Math.Max(candidate.RecentJoins, _joins.JoinsOn(candidate.Id)) * options.StressPerJoin;
            var inRoom = Math.Max(
                roomDirectory is not null ? roomDirectory.GetValueOrDefault(candidate.Id) : 0,
                roomJoins is not null ? roomJoins.GetValueOrDefault(candidate.Id) : 0);
            var hasRoom = inRoom < options.MaxParticipantsPerRoomPerBridge;
            var ranked = new Ranked(candidate, key, stress, hasRoom);

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
    /// One of 64 bits picked from an id's length and last two characters: a pre-filter that spares most candidates
    /// the hash lookup in the RTT table (ids like "bridge-0042" differ at the end).
    /// </summary>
    private static ulong IdFilterBit(string id) =>
        1UL << (int)((uint)(id.Length * 31 + id[^1] * 7 + (id.Length > 1 ? id[^2] : 0) * 3) & 63);

    private void LoadRtts(IReadOnlyList<RttSample> samples)
    {
        _rttScratch.Clear();
        _rttIdFilter = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var (bridgeId, milliseconds) = samples[i];
            if (bridgeId is null || !double.IsFinite(milliseconds) || milliseconds < 0 || milliseconds >= TierSpan)
                continue;
            // Several samples for one bridge: the smallest is the least disturbed by queueing.
            if (bridgeId.Length == 0)
                continue;
            if (!_rttScratch.TryGetValue(bridgeId, out var known) || milliseconds < known)
                _rttScratch[bridgeId] = milliseconds;
            _rttIdFilter |= IdFilterBit(bridgeId);
        }
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
