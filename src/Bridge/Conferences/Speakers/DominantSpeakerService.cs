using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Conferences.Speakers;

/// <summary>Every <see cref="DominantSpeakerDetector.DecisionInterval"/>, one decision step in each room this bridge decides for.</summary>
public sealed class DominantSpeakerService(ConferenceRegistry conferences, TimeProvider time, ILogger<DominantSpeakerService> logger)
    : PeriodicTickService(DominantSpeakerDetector.DecisionInterval, time, logger, "Dominant speaker")
{
    /// <summary>Dominant speaker changes this bridge decided.</summary>
    public long Changes { get; private set; }

    public override void Tick()
    {
        foreach (var conference in conferences.All)
        {
            if (conference.DecideDominantSpeaker())
            {
                Changes++;
            }
        }
    }
}
