namespace OctoMesh.Bridge.Tests.Conferences.Speakers;

/// <summary>
/// Synthetic audio levels for one speaker, a packet every 20 ms: background noise, and speech in the spans given,
/// with the dip between syllables real speech has (a quieter packet every fifth).
/// </summary>
public sealed class SpeechScript(int noiseLevel = 85, int speechLevel = 25)
{
    private readonly List<(TimeSpan From, TimeSpan To)> _speech = [];

    public SpeechScript Talks(double fromSeconds, double toSeconds)
    {
        _speech.Add((TimeSpan.FromSeconds(fromSeconds), TimeSpan.FromSeconds(toSeconds)));
        return this;
    }

    /// <summary>The level (-dBov) of the packet sent at <paramref name="at"/>, the <paramref name="packet"/>-th.</summary>
    public int LevelAt(TimeSpan at, long packet)
    {
        var speaking = _speech.Exists(span => at >= span.From && at < span.To);
        if (!speaking)
        {
            return noiseLevel + (int)(packet % 3);
        }

        return packet % 5 == 4 ? speechLevel + 20 : speechLevel + (int)(packet % 4);
    }
}
