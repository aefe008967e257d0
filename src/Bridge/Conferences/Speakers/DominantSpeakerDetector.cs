using System.Collections.Concurrent;

namespace OctoMesh.Bridge.Conferences.Speakers;

/// <summary>
/// A room's dominant speaker from its speakers' audio levels, in the manner of Volfin and Cohen's dominant speaker
/// identification: each speaker's activity in an immediate, a medium and a long interval
/// (<see cref="SpeechActivity"/>), compared every <see cref="DecisionInterval"/>. A speaker takes over when it has
/// spoken for a sentence's start (<see cref="MinLongBlocks"/> of the long interval's 200 ms blocks, about 600 ms of
/// speech) and is speaking now while the dominant speaker is not, or, talking over it, has spoken clearly more
/// (<see cref="TalkOverLead"/> blocks) over the last 2 s. So a speaker who talks for 1 s takes over within the next
/// step, and a cough or an interjection shorter than 400 ms cannot fill three blocks. Nobody speaking changes nothing:
/// the last speaker stays dominant.
/// I/O-free: fed levels and stepped by the caller, on the caller's <see cref="TimeProvider"/>.
/// </summary>
public sealed class DominantSpeakerDetector
{
    public static readonly TimeSpan DecisionInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>The long interval's blocks with speech a speaker needs to take over.</summary>
    public const int MinLongBlocks = 3;

    /// <summary>How many more long blocks than the dominant speaker a speaker talking over it needs.</summary>
    public const int TalkOverLead = 3;

    /// <summary>
    /// A speaker another bridge hears is measured this many slots (120 ms) in the past: its batches come every
    /// 100 ms, so the latest slots of a speaker who talks have not arrived yet when a step is taken.
    /// </summary>
    public const int RelayedLagSlots = 6;

    /// <summary>How many past dominant speakers the state lists (the dominant one first).</summary>
    public const int MaxRecent = 10;

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly ConcurrentDictionary<string, SpeechActivity> _speakers = new(StringComparer.Ordinal);
    private readonly Lock _decisionLock = new();
    private readonly List<string> _recent = [];
    private long _version;

    public DominantSpeakerDetector(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>The dominant speaker first, then the speakers dominant before, most recent first; empty before anyone spoke.</summary>
    public IReadOnlyList<string> Recent
    {
        get
        {
            lock (_decisionLock)
            {
                return [.. _recent];
            }
        }
    }

    public string? Dominant
    {
        get
        {
            lock (_decisionLock)
            {
                return _recent.Count > 0 ? _recent[0] : null;
            }
        }
    }

    /// <summary>The 20 ms slot of the detector's clock that is now.</summary>
    public long CurrentSlot => (long)(_time.GetElapsedTime(_start).TotalMilliseconds / SpeechActivity.SlotMilliseconds);

    /// <summary>A packet of <paramref name="speakerId"/>'s audio with its level (-dBov), heard now.</summary>
    public void OnLevel(string speakerId, int level) => OnLevel(speakerId, level, CurrentSlot);

    /// <summary>A level heard in <paramref name="slot"/> (levels relayed in batches keep the slot they were heard in).</summary>
    public void OnLevel(string speakerId, int level, long slot) => ActivityOf(speakerId).OnLevel(slot, level);

    /// <summary>
    /// The activity kept for a local speaker, for its audio source to feed per packet with <see cref="CurrentSlot"/>
    /// (one lookup when the source is made, none per packet).
    /// </summary>
    public SpeechActivity ActivityOf(string speakerId) => _speakers.GetOrAdd(speakerId, static _ => new SpeechActivity());

    /// <summary>
    /// <see cref="Recent"/> with a count of its changes, read together: a reader polling it compares the count instead
    /// of the list.
    /// </summary>
    public (long Version, IReadOnlyList<string> Recent) Snapshot()
    {
        lock (_decisionLock)
        {
            return (_version, [.. _recent]);
        }
    }

    /// <summary>
    /// Another bridge's account of a speaker it hears: the steps above the speaker's floor per slot, the last of them
    /// in <paramref name="lastSlot"/> of this detector's clock (see <see cref="SpeechActivity.OnSubbands"/>).
    /// </summary>
    public void OnRelayedSubbands(string speakerId, ReadOnlySpan<byte> subbands, long lastSlot)
    {
        var activity = _speakers.GetOrAdd(speakerId, static _ => new SpeechActivity { IsRelayed = true });
        var last = Math.Min(lastSlot, CurrentSlot);
        for (var i = 0; i < subbands.Length; i++)
        {
            activity.OnSubbands(last - subbands.Length + 1 + i, subbands[i]);
        }
    }

    /// <summary>The steps above the floor of <paramref name="speakerId"/> in the slots ending at <paramref name="lastSlot"/>; false when all are 0.</summary>
    public bool CopySubbands(string speakerId, long lastSlot, Span<byte> destination) =>
        _speakers.TryGetValue(speakerId, out var activity) && activity.CopySubbands(lastSlot, destination);

    /// <summary>The activity of <paramref name="speakerId"/> now, or null for a speaker never heard.</summary>
    public SpeechIntervals? Measure(string speakerId) =>
        _speakers.TryGetValue(speakerId, out var activity) ? MeasureAt(activity, CurrentSlot) : null;

    /// <summary>The speakers heard, by how much they spoke lately: the long interval, then the medium, then the most recent speech.</summary>
    public IReadOnlyList<string> ByActivity()
    {
        var slot = CurrentSlot;
        return [.. _speakers
            .Select(pair => (Id: pair.Key, Intervals: MeasureAt(pair.Value, slot), pair.Value.LastSpeechSlot))
            .Where(speaker => speaker.LastSpeechSlot >= 0)
            .OrderByDescending(speaker => speaker.Intervals.Long)
            .ThenByDescending(speaker => speaker.Intervals.Medium)
            .ThenByDescending(speaker => speaker.LastSpeechSlot)
            .ThenBy(speaker => speaker.Id, StringComparer.Ordinal)
            .Select(speaker => speaker.Id)];
    }

    /// <summary>A speaker left the room: forgotten; true when that changed the list of speakers.</summary>
    public bool Remove(string speakerId)
    {
        _speakers.TryRemove(speakerId, out _);
        lock (_decisionLock)
        {
            if (!_recent.Remove(speakerId))
            {
                return false;
            }

            _version++;
            return true;
        }
    }

    /// <summary>One decision step (every <see cref="DecisionInterval"/>); true when the dominant speaker changed.</summary>
    public bool Decide()
    {
        var slot = CurrentSlot;
        string? best = null;
        var bestIntervals = default(SpeechIntervals);
        foreach (var (id, activity) in _speakers)
        {
            var intervals = MeasureAt(activity, slot);
            if (intervals.IsSpeaking && intervals.Long >= MinLongBlocks && (best is null || IsAhead(intervals, id, bestIntervals, best)))
            {
                best = id;
                bestIntervals = intervals;
            }
        }

        lock (_decisionLock)
        {
            var dominant = _recent.Count > 0 ? _recent[0] : null;
            if (best is null || best == dominant)
            {
                return false;
            }

            if (dominant is not null && _speakers.TryGetValue(dominant, out var current))
            {
                var held = MeasureAt(current, slot);
                if (held.IsSpeaking && bestIntervals.Long < held.Long + TalkOverLead)
                {
                    return false;
                }
            }

            _recent.Remove(best);
            _recent.Insert(0, best);
            if (_recent.Count > MaxRecent)
            {
                _recent.RemoveAt(_recent.Count - 1);
            }

            _version++;
            return true;
        }
    }

    /// <summary>Adopts a decision made elsewhere (the room's deciding bridge): true when it changed the list.</summary>
    public bool Adopt(IReadOnlyList<string> recent)
    {
        lock (_decisionLock)
        {
            if (_recent.SequenceEqual(recent, StringComparer.Ordinal))
            {
                return false;
            }

            _recent.Clear();
            _recent.AddRange(recent.Take(MaxRecent));
            _version++;
            return true;
        }
    }

    private static SpeechIntervals MeasureAt(SpeechActivity activity, long slot) =>
        activity.Measure(activity.IsRelayed ? slot - RelayedLagSlots : slot);

    private static bool IsAhead(SpeechIntervals candidate, string candidateId, SpeechIntervals other, string otherId) =>
        (candidate.Long, candidate.Medium, candidate.Immediate).CompareTo((other.Long, other.Medium, other.Immediate)) switch
        {
            > 0 => true,
            < 0 => false,
            _ => string.CompareOrdinal(candidateId, otherId) < 0,
        };
}
