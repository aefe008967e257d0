using System.Text.Json;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// What a receiving PeerConnection's <c>getStats()</c> says about the media it gets
/// (W3C webrtc-stats <c>inbound-rtp</c> for video and audio), plus its connection state.
/// </summary>
public sealed record InboundMedia(
    long VideoFramesDecoded,
    int FrameWidth,
    int FrameHeight,
    long AudioPacketsReceived,
    long AudioSamplesReceived,
    string ConnectionState)
{
    /// <summary>A JavaScript function of the PeerConnection's global name that returns this record's fields.</summary>
    public const string Script = """
        async (name) => {
          const pc = window[name];
          const media = { videoFramesDecoded: 0, frameWidth: 0, frameHeight: 0,
                          audioPacketsReceived: 0, audioSamplesReceived: 0,
                          connectionState: pc ? pc.connectionState : 'no PeerConnection' };
          if (!pc || pc.connectionState === 'closed') return media;
          (await pc.getStats()).forEach((r) => {
            if (r.type !== 'inbound-rtp') return;
            if (r.kind === 'video') {
              media.videoFramesDecoded = r.framesDecoded ?? 0;
              media.frameWidth = r.frameWidth ?? 0;
              media.frameHeight = r.frameHeight ?? 0;
            } else if (r.kind === 'audio') {
              media.audioPacketsReceived = r.packetsReceived ?? 0;
              media.audioSamplesReceived = r.totalSamplesReceived ?? 0;
            }
          });
          return media;
        }
        """;

    public static InboundMedia FromJson(JsonElement json) =>
        json.Deserialize<InboundMedia>(JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("The page returned no stats.");
}
