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
                Extensions = [Mid()],
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
                Extensions = client.SendsSimulcast ? SimulcastExtensions() : [Mid()],
            });
        }

        return tracks;
    }

    /// <summary>
    /// Turns the sending video section into a rid simulcast one, as Chromium writes it for <c>sendEncodings</c> with
    /// rids: one <c>a=rid:&lt;id&gt; send</c> per layer (RFC 8851 §4), <c>a=simulcast:send q;h;f</c> (RFC 8853 §5.1), the
    /// msid kept and no <c>a=ssrc</c> or <c>a=ssrc-group</c> lines: each layer's SSRC is bound by the receiver from the
    /// mid and RTP stream id extensions of its first packets (RFC 8853 §5.2, RFC 8852 §3.1).
    /// </summary>
    public static void AnnounceSimulcast(SessionDescription offer, IReadOnlyList<string> rids)
    {
        var video = offer.Media.Single(m => m.Mid == WebRtcClient.VideoMid);
        video.Ssrcs.Clear();
        video.SsrcGroups.Clear();
        video.Rids = [.. rids.Select(rid => new RidDescription(rid, RidDirection.Send, null))];
        video.Simulcast = new SimulcastDescription { Send = [.. rids.Select(rid => new List<SimulcastRid> { new(rid, Paused: false) })] };
    }

    private static RtpExtension Mid() => new(WebRtcClient.MidExtensionId, MediaCapabilities.MidUri, null);

    // Chromium's extension ids for the three a simulcast layer needs: mid 4 (ours already), rid 10, repaired rid 11.
    private static List<RtpExtension> SimulcastExtensions() =>
    [
        Mid(),
        new(WebRtcClient.RtpStreamIdExtensionId, MediaCapabilities.RtpStreamIdUri, null),
        new(WebRtcClient.RepairedRtpStreamIdExtensionId, MediaCapabilities.RepairedRtpStreamIdUri, null),
    ];

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
