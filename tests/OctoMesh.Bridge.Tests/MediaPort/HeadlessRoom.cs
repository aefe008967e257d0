using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Client;
using OctoMesh.Media.Sdp;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>A room with a headless WHIP publisher sending synthetic media and a headless WHEP player recording it.</summary>
public sealed class HeadlessRoom : IAsyncDisposable
{
    private HeadlessRoom(BridgeServer bridge, HeadlessSession publishing, SyntheticPublisher source, HeadlessSession playing)
    {
        Bridge = bridge;
        Publishing = publishing;
        Source = source;
        Playing = playing;
        Recorder = new RecordingPlayer(playing.Client);
    }

    public BridgeServer Bridge { get; }

    public HeadlessSession Publishing { get; }

    public HeadlessSession Playing { get; }

    public SyntheticPublisher Source { get; }

    public RecordingPlayer Recorder { get; }

    public WebRtcClient Publisher => Publishing.Client;

    public WebRtcClient Player => Playing.Client;

    public string PlayerAnswer => Player.Answer?.Description.ToString() ?? "(no answer)";

    public static async Task<HeadlessRoom> StartAsync(BridgeServer bridge, string room)
    {
        var publishing = await HeadlessSession.PublishAsync(bridge, room);
        var source = new SyntheticPublisher(publishing.Client);
        var playing = await HeadlessSession.PlayAsync(bridge, room);
        return new HeadlessRoom(bridge, publishing, source, playing);
    }

    /// <summary>What the WHEP answer declared for the <paramref name="kind"/> track the player receives.</summary>
    public PlayerTrack PlayerTrack(MediaKind kind)
    {
        var mid = kind == MediaKind.Audio ? WebRtcClient.AudioMid : WebRtcClient.VideoMid;
        var media = Player.Answer?.FindMedia(mid);
        if (media is null || media.RemoteSsrcs.Count == 0 || media.PrimaryCodec is null)
        {
            throw new XunitException($"The WHEP answer declares no SSRC and codec for mid {mid}:{Environment.NewLine}{PlayerAnswer}");
        }

        var ssrc = media.RemoteSsrcs[0];
        var primary = media.PrimaryCodec;
        var rtx = media.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == primary.PayloadType);
        return new PlayerTrack(ssrc, primary.PayloadType, media.RemoteRtxSsrcs.TryGetValue(ssrc, out var rtxSsrc) ? rtxSsrc : null, rtx?.PayloadType);
    }

    /// <summary>Waits until the player has at least this many packets on each declared SSRC.</summary>
    public Task WaitForMediaAsync(int videoPackets, int audioPackets, TimeSpan deadline)
    {
        var video = PlayerTrack(MediaKind.Video);
        var audio = PlayerTrack(MediaKind.Audio);
        return Eventually.Until(
            () => Task.FromResult(Recorder.CountOn(video.Ssrc) >= videoPackets && Recorder.CountOn(audio.Ssrc) >= audioPackets),
            deadline, $"the headless player to receive {videoPackets} video packets on SSRC {video.Ssrc} and {audioPackets} audio packets on SSRC {audio.Ssrc}",
            () => Task.FromResult($"player {Player.Counters}; publisher {Publisher.Counters}; bridge log {Bridge.Log}"));
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Playing.DisposeAsync();
        await Publishing.DisposeAsync();
    }
}
