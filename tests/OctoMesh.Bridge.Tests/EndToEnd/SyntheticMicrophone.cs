namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// A microphone a test turns on and off: the page's <c>getUserMedia</c> keeps the fake camera but takes its audio
/// from a Web Audio tone behind a gain (silent until <see cref="TalkAsync"/>), so Chromium's own RFC 6464 levels
/// say who talks when.
/// </summary>
internal static class SyntheticMicrophone
{
    public const string InitScript = """
        (() => {
          const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          window.syntheticMicrophone = { gain: null };
          navigator.mediaDevices.getUserMedia = async (constraints) => {
            const stream = await original({ ...constraints, audio: false });
            if (!constraints.audio) return stream;
            const context = new AudioContext();
            await context.resume();
            const tone = context.createOscillator();
            tone.frequency.value = 220;
            const gain = context.createGain();
            gain.gain.value = 0;
            const destination = context.createMediaStreamDestination();
            tone.connect(gain).connect(destination);
            tone.start();
            window.syntheticMicrophone.gain = gain;
            stream.addTrack(destination.stream.getAudioTracks()[0]);
            return stream;
          };
        })();
        """;

    public static Task TalkAsync(RoomPage page, bool talking) =>
        page.Browser.Page.EvaluateAsync($"() => {{ window.syntheticMicrophone.gain.gain.value = {(talking ? "0.5" : "0")}; }}");

    /// <summary>The dominant speaker the page was last told of (null before any).</summary>
    public static Task<string?> DominantSpeakerAsync(RoomPage page) => page.Browser.EvaluateAsync<string?>("window.room.dominantSpeaker");

    /// <summary>Each dominant speaker the page was told of, in order.</summary>
    public static async Task<string[]> SpeakerChangesAsync(RoomPage page) =>
        await page.Browser.EvaluateAsync<string[]>("window.room.speakerChanges.map((change) => change.participantId)");
}
