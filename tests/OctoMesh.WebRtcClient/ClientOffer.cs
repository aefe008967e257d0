using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Client;

/// <summary>The m-lines a <see cref="WebRtcClient"/> offers, as a browser's would read.</summary>
internal static class ClientOffer
{
    private static readonly string[] VideoFeedback = ["goog-remb", "ccm fir", "nack", "nack pli"];

    public static List<OfferedTrack> Tracks(WebRtcClient client, WebRtcClientOptions options)
    {
        var direction = options.Sends ? MediaDirection.SendOnly : MediaDirection.RecvOnly;
        var streamId = client.Cname;
        var tracks = new List<OfferedTrack>();
        if (options.Audio)
        {
            tracks.Add(new OfferedTrack
            {
                Mid = WebRtcClient.AudioMid,
                Kind = MediaKind.Audio,
                Direction = direction,
                Track = options.Sends ? new LocalTrack(client.AudioSsrc, null, client.Cname, streamId, streamId + "-audio") : null,
                Codecs = [Opus()],
                Extensions = [new RtpExtension(WebRtcClient.MidExtensionId, MediaCapabilities.MidUri, null)],
            });
        }

        if (options.Video)
        {
            tracks.Add(new OfferedTrack
            {
                Mid = WebRtcClient.VideoMid,
                Kind = MediaKind.Video,
                Direction = direction,
                Track = options.Sends ? new LocalTrack(client.VideoSsrc, client.VideoRtxSsrc, client.Cname, streamId, streamId + "-video") : null,
                Codecs = [Vp8(), RtpCodec.CreateRtx(WebRtcClient.Vp8RtxPayloadType, WebRtcClient.Vp8PayloadType, MediaCapabilities.VideoClockRate)],
                Extensions = [new RtpExtension(WebRtcClient.MidExtensionId, MediaCapabilities.MidUri, null)],
            });
        }

        return tracks;
    }

    // RFC 7587 §7: opus is always signalled as 48000/2.
    private static RtpCodec Opus()
    {
        var opus = new RtpCodec
        {
            PayloadType = WebRtcClient.OpusPayloadType,
            Name = "opus",
            ClockRate = MediaCapabilities.OpusClockRate,
            Channels = 2,
            Feedback = ["nack"],
        };
        opus.Parameters["minptime"] = "10";
        opus.Parameters["useinbandfec"] = "1";
        return opus;
    }

    private static RtpCodec Vp8() => new()
    {
        PayloadType = WebRtcClient.Vp8PayloadType,
        Name = "VP8",
        ClockRate = MediaCapabilities.VideoClockRate,
        Feedback = [.. VideoFeedback],
        RtxPayloadType = WebRtcClient.Vp8RtxPayloadType,
    };
}
