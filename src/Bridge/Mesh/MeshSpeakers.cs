using System.Collections.Concurrent;
using Google.Protobuf;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Speakers;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// One dominant speaker per room across the mesh (docs/relay.md, "Dominant speaker"). Every bridge sends its local
/// publishers' speech activity to every peer in <see cref="SpeechLevels"/> batches (per 20 ms slot, the 3 dB steps
/// above the speaker's noise floor that <see cref="SpeechActivity"/> measured from every packet's level, about every
/// <see cref="Interval"/>, only for speakers heard above their floor), so every bridge knows every speaker's activity; of the bridges with publishers in
/// the room, the one whose id sorts first decides, and tells the others in <see cref="DominantSpeaker"/>, which they
/// adopt. Every bridge works the decider out from the same announcements, so none needs electing.
/// </summary>
public sealed class MeshSpeakers(ConferenceRegistry conferences)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The most slots one batch carries (500 ms): a bridge that stalled longer sends only the last of them.</summary>
    public const int MaxSlotsPerBatch = 25;

    /// <summary>The decider repeats its decision this often, for bridges that joined the room or the mesh since.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Conference, long> _lastSentSlot = new();
    private readonly ConcurrentDictionary<(string Peer, Conference Conference), SlotMapping> _received = new();
    private long _lastRepeat;

    /// <summary>Speakers' batches refused: too long, or naming a speaker that is not the sending bridge's.</summary>
    public long RefusedLevels;

    /// <summary>Set once the mesh node exists.</summary>
    public MeshNode? Node { get; set; }

    public void Watch(Conference conference) => conference.SpeakersChanged += recent => OnDecided(conference, recent);

    /// <summary>The bridge that decides <paramref name="conference"/>'s speaker: of those with publishers there, the first by id.</summary>
    public static string Decider(Conference conference, string self)
    {
        string? decider = null;
        foreach (var endpoint in conference.Endpoints)
        {
            var bridge = endpoint.OriginBridgeId ?? self;
            if (endpoint.IsPublishing && (decider is null || string.CompareOrdinal(bridge, decider) < 0))
            {
                decider = bridge;
            }
        }

        return decider ?? self;
    }

    /// <summary>Every <see cref="Interval"/>: who decides each room, the levels heard since the last batch, the decision repeated.</summary>
    public void Tick(TimeProvider time)
    {
        if (Node is not { } node)
        {
            return;
        }

        var self = node.Identity.BridgeId;
        var repeat = _lastRepeat == 0 || time.GetElapsedTime(_lastRepeat) >= RepeatInterval;
        if (repeat)
        {
            _lastRepeat = time.GetTimestamp();
        }

        foreach (var conference in conferences.All)
        {
            var decider = Decider(conference, self);
            conference.SpeakerDecider = decider == self ? null : decider;
            SendLevels(node, conference);
            if (repeat && conference.SpeakerDecider is null && conference.Speakers.Recent is { Count: > 0 } recent)
            {
                node.Broadcast(Decision(conference, recent));
            }
        }

        foreach (var gone in _lastSentSlot.Keys.Where(c => conferences.Find(c.Name) != c))
        {
            _lastSentSlot.TryRemove(gone, out _);
        }

        foreach (var gone in _received.Keys.Where(key => conferences.Find(key.Conference.Name) != key.Conference))
        {
            _received.TryRemove(gone, out _);
        }
    }

    public void OnLevels(string peerId, SpeechLevels levels, Conference? conference)
    {
        if (conference is null)
        {
            return;
        }

        var lastSlot = MapSlot(peerId, conference, levels.LastSlot);
        foreach (var speaker in levels.Speakers)
        {
            if (speaker.Subbands.Length > MaxSlotsPerBatch || conference.Find(speaker.EndpointId) is not { } endpoint || endpoint.OriginBridgeId != peerId)
            {
                Interlocked.Increment(ref RefusedLevels);
                continue;
            }

            conference.Speakers.OnRelayedSubbands(endpoint.Id, speaker.Subbands.Span, lastSlot);
        }
    }

    /// <summary>The deciding bridge's decision: adopted when it comes from the bridge this one takes for the decider.</summary>
    public static void OnDecision(string peerId, DominantSpeaker decision, Conference? conference)
    {
        if (conference is not null && conference.SpeakerDecider == peerId)
        {
            conference.AdoptSpeakers([.. decision.EndpointIds.Take(DominantSpeakerDetector.MaxRecent)]);
        }
    }

    private void OnDecided(Conference conference, IReadOnlyList<string> recent)
    {
        if (conference.SpeakerDecider is null && Node is { } node)
        {
            node.Broadcast(Decision(conference, recent));
        }
    }

    private void SendLevels(MeshNode node, Conference conference)
    {
        var speakers = conference.Speakers;
        var lastSlot = speakers.CurrentSlot - 1;
        var firstSlot = Math.Max(_lastSentSlot.GetValueOrDefault(conference, lastSlot - 5) + 1, lastSlot - MaxSlotsPerBatch + 1);
        if (lastSlot < firstSlot)
        {
            return;
        }

        _lastSentSlot[conference] = lastSlot;
        var batch = new SpeechLevels { ConferenceId = ConferenceIds.For(conference.Name), LastSlot = lastSlot };
        var subbands = new byte[lastSlot - firstSlot + 1];
        foreach (var endpoint in conference.Endpoints)
        {
            if (endpoint.IsLocal && endpoint.IsPublishing && speakers.CopySubbands(endpoint.Id, lastSlot, subbands))
            {
                batch.Speakers.Add(new SpeakerLevels { EndpointId = endpoint.Id, Subbands = ByteString.CopyFrom(subbands) });
            }
        }

        if (batch.Speakers.Count > 0)
        {
            node.Broadcast(new LinkMessage { SpeechLevels = batch });
        }
    }

    /// <summary>
    /// The sender's slot in this bridge's clock: shifted by the smallest lag seen from that sender (its quickest batch),
    /// so a batch delayed behind another keeps its place; a sender whose numbers went back began the conference again.
    /// </summary>
    private long MapSlot(string peerId, Conference conference, long senderSlot)
    {
        var lag = conference.Speakers.CurrentSlot - 1 - senderSlot;
        var mapping = _received.AddOrUpdate((peerId, conference), new SlotMapping(senderSlot, lag),
            (_, seen) => senderSlot < seen.LastSenderSlot ? new SlotMapping(senderSlot, lag) : new SlotMapping(senderSlot, Math.Min(seen.Lag, lag)));
        return senderSlot + mapping.Lag;
    }

    private readonly record struct SlotMapping(long LastSenderSlot, long Lag);

    private static LinkMessage Decision(Conference conference, IReadOnlyList<string> recent)
    {
        var decision = new DominantSpeaker { ConferenceId = ConferenceIds.For(conference.Name) };
        decision.EndpointIds.AddRange(recent);
        return new LinkMessage { DominantSpeaker = decision };
    }
}
