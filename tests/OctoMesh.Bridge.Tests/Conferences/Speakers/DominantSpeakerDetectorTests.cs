using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences.Speakers;

namespace OctoMesh.Bridge.Tests.Conferences.Speakers;

/// <summary>
/// Dominant speaker identification from synthetic speech levels, in virtual time: a packet every 20 ms per speaker,
/// a decision every 300 ms, speech starting at any phase of the decision grid.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class DominantSpeakerDetectorTests
{
    private static readonly TimeSpan Packet = TimeSpan.FromMilliseconds(20);

    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(120)]
    [InlineData(180)]
    [InlineData(260)]
    public void A_speaker_who_talks_after_another_takes_over_within_a_second(int phaseMilliseconds)
    {
        var start = 4 + (phaseMilliseconds / 1000.0);
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript().Talks(1, start),
            ["bob"] = new SpeechScript().Talks(start, 10),
            ["carol"] = new SpeechScript(),
        };

        var changes = Run(room, seconds: 8, out var detector);

        Assert.Equal(["alice", "bob"], changes.Select(change => change.Speaker));
        var delay = changes[1].At - TimeSpan.FromSeconds(start);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(["bob", "alice"], detector.Recent);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(60, true)]
    [InlineData(140, true)]
    [InlineData(0, false)]
    [InlineData(100, false)]
    [InlineData(190, false)]
    public void An_interjection_of_300_ms_changes_nothing(int phaseMilliseconds, bool overTheSpeaker)
    {
        var interjection = 4 + (phaseMilliseconds / 1000.0);
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript().Talks(1, overTheSpeaker ? 8 : 3),
            ["bob"] = new SpeechScript().Talks(interjection, interjection + 0.3),
        };

        var changes = Run(room, seconds: 8, out var detector);

        Assert.Equal(["alice"], changes.Select(change => change.Speaker));
        Assert.Equal("alice", detector.Dominant);
    }

    [Fact]
    public void A_speaker_talking_over_the_dominant_one_waits_until_it_stops()
    {
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript().Talks(1, 6),
            ["bob"] = new SpeechScript().Talks(4, 9),
        };

        var changes = Run(room, seconds: 9, out _);

        Assert.Equal(["alice", "bob"], changes.Select(change => change.Speaker));
        Assert.InRange(changes[1].At, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6.6));
    }

    [Fact]
    public void A_steady_hum_is_no_speech_and_speech_over_it_is()
    {
        var room = new Dictionary<string, SpeechScript>
        {
            ["fan"] = new SpeechScript(noiseLevel: 40),
            ["humming-mic"] = new SpeechScript(noiseLevel: 50, speechLevel: 25).Talks(3, 6),
        };

        var changes = Run(room, seconds: 6, out _);

        var change = Assert.Single(changes);
        Assert.Equal("humming-mic", change.Speaker);
        Assert.InRange(change.At, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void The_last_speaker_stays_dominant_through_silence_and_a_speaker_who_leaves_is_forgotten()
    {
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript().Talks(0.5, 2),
            ["bob"] = new SpeechScript().Talks(3, 4),
        };

        Run(room, seconds: 10, out var detector);
        Assert.Equal(["bob", "alice"], detector.Recent);

        Assert.True(detector.Remove("bob"));
        Assert.Equal(["alice"], detector.Recent);
        Assert.False(detector.Remove("bob"));
        Assert.Null(detector.Measure("bob"));
    }

    [Fact]
    public void Speakers_by_activity_put_who_spoke_most_lately_first_and_leave_out_who_never_spoke()
    {
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript().Talks(0.5, 1.5),
            ["bob"] = new SpeechScript().Talks(1, 3),
            ["carol"] = new SpeechScript().Talks(2.6, 3),
            ["dave"] = new SpeechScript(),
        };

        Run(room, seconds: 3, out var detector);

        Assert.Equal(["bob", "carol", "alice"], detector.ByActivity());
    }

    [Fact]
    public void Speakers_heard_on_another_bridge_and_relayed_as_steps_above_their_floor_are_decided_alike()
    {
        // Speech that starts on a batch boundary: the relayed batches hold speech only, so a floor measured on the
        // receiving side would sit at the speech level and hear nothing.
        var room = new Dictionary<string, SpeechScript>
        {
            ["alice"] = new SpeechScript(noiseLevel: 127).Talks(1, 4),
            ["bob"] = new SpeechScript(noiseLevel: 127).Talks(4, 8),
        };
        var origin = new DominantSpeakerDetector(_time);
        var remote = new DominantSpeakerDetector(_time);
        var originChanges = new List<string>();
        var remoteChanges = new List<string>();
        // Each 100 ms batch reaches the other bridge 80 ms after its last slot, in the slots it was heard in.
        var inFlight = new Queue<(long DeliverAt, string Speaker, byte[] Subbands, long LastSlot)>();
        for (long packet = 0; packet < 400; packet++)
        {
            foreach (var (speaker, script) in room)
            {
                origin.OnLevel(speaker, script.LevelAt(packet * Packet, packet));
            }

            _time.Advance(Packet);
            if (packet % 5 == 4)
            {
                foreach (var speaker in room.Keys)
                {
                    var batch = new byte[5];
                    if (origin.CopySubbands(speaker, origin.CurrentSlot - 1, batch))
                    {
                        inFlight.Enqueue((packet + 4, speaker, batch, origin.CurrentSlot - 1));
                    }
                }
            }

            while (inFlight.TryPeek(out var due) && due.DeliverAt <= packet)
            {
                inFlight.Dequeue();
                remote.OnRelayedSubbands(due.Speaker, due.Subbands, due.LastSlot);
            }

            if (packet % 15 == 14)
            {
                if (origin.Decide())
                {
                    originChanges.Add(origin.Dominant!);
                }

                if (remote.Decide())
                {
                    remoteChanges.Add(remote.Dominant!);
                }
            }
        }

        Assert.Equal(["alice", "bob"], originChanges);
        Assert.Equal(originChanges, remoteChanges);
    }

    [Fact]
    public void A_decision_adopted_from_another_bridge_replaces_the_list_once()
    {
        var detector = new DominantSpeakerDetector(_time);

        Assert.True(detector.Adopt(["bob", "alice"]));
        Assert.False(detector.Adopt(["bob", "alice"]));
        Assert.Equal("bob", detector.Dominant);
    }

    private List<(TimeSpan At, string Speaker)> Run(Dictionary<string, SpeechScript> room, double seconds, out DominantSpeakerDetector detector)
    {
        detector = new DominantSpeakerDetector(_time);
        var changes = new List<(TimeSpan, string)>();
        var packetsPerDecision = (int)(DominantSpeakerDetector.DecisionInterval / Packet);
        var packets = (long)(TimeSpan.FromSeconds(seconds) / Packet);
        for (long packet = 0; packet < packets; packet++)
        {
            var at = packet * Packet;
            foreach (var (speaker, script) in room)
            {
                detector.OnLevel(speaker, script.LevelAt(at, packet));
            }

            if (packet % packetsPerDecision == packetsPerDecision - 1 && detector.Decide())
            {
                changes.Add((at, detector.Dominant!));
            }

            _time.Advance(Packet);
        }

        return changes;
    }
}
