using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

[Trait(Tier.Name, Tier.Unit)]
public class SdpNegotiatorTests
{
    private static NegotiatedAnswer AnswerOk(string offer, LocalMediaOptions? options = null)
    {
        var result = SdpNegotiator.CreateAnswer(offer, options ?? SdpTestOptions.Answer());
        Assert.True(result.Success, result.Error);
        // Whatever the bridge writes must parse back.
        Assert.True(SessionDescription.Parse(result.Answer!.Sdp).Success);
        return result.Answer!;
    }

    [Fact]
    public void ChromeWhip_SessionLevelLines()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer);
        var session = SdpTestOptions.SessionLines(answer.Sdp);

        Assert.Equal(
        [
            "v=0",
            "o=- 1234567890 1 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=ice-lite",
            "a=extmap-allow-mixed",
        ], session);
        Assert.Equal(DtlsSetupRole.Server, answer.LocalDtlsRole);
        Assert.Equal("EsAw", answer.RemoteIceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", answer.RemoteIcePwd);
        Assert.Equal("sha-256", answer.RemoteFingerprint.Algorithm);
    }

    [Fact]
    public void ChromeWhip_AudioSectionLines()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer);

        Assert.Equal(
        [
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:oMsh",
            "a=ice-pwd:Sdp0bridge0password0xyz",
            "a=fingerprint:sha-256 " + SdpTestOptions.LocalFingerprint.Value,
            "a=setup:passive",
            "a=mid:0",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
            "a=end-of-candidates",
        ], SdpTestOptions.SectionLines(answer.Sdp, 0));
    }

    [Fact]
    public void ChromeWhip_VideoSectionKeepsSupportedCodecsWithRtx()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer);
        var lines = SdpTestOptions.SectionLines(answer.Sdp, 1);

        // VP9 profile 1, H.264 packetization-mode 0, red and ulpfec are dropped; offer order is kept.
        Assert.Equal("m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 106 107 127 125 45 46 114 115", lines[0]);
        Assert.Contains("a=recvonly", lines);
        Assert.Contains("a=fmtp:97 apt=96", lines);
        Assert.Contains("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", lines);
        Assert.Contains("a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", lines);
        Assert.Contains("a=fmtp:45 level-idx=5;profile=0;tier=0", lines);
        Assert.Contains("a=rtcp-fb:96 ccm fir", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("a=candidate", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("a=ssrc", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("toffset") || l.Contains("playout-delay"));
        Assert.Contains("a=extmap:13 urn:3gpp:video-orientation", lines);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", lines);
    }

    [Fact]
    public void ChromeWhip_ResultExposesCodecsExtensionsAndRemoteSsrcs()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer);
        var video = answer.FindMedia("1")!;

        Assert.True(video.Accepted);
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal("VP8", video.PrimaryCodec!.Name);
        Assert.Equal(96, video.PrimaryCodec.PayloadType);
        Assert.Equal(97, video.PrimaryCodec.RtxPayloadType);
        Assert.Equal(4, video.ExtensionIds[MediaCapabilities.MidUri]);
        Assert.Equal(3, video.ExtensionIds[MediaCapabilities.TransportWideCcUri]);
        Assert.Equal([2733513359u], video.RemoteSsrcs);
        Assert.Equal(1597221553u, video.RemoteRtxSsrcs[2733513359]);
        Assert.Equal("4TOk42mSjXCkVIa6", video.RemoteCname);
        Assert.True(video.RtcpRsize);

        var audio = answer.FindMedia("0")!;
        Assert.Equal([3570614608u], audio.RemoteSsrcs);
        Assert.Empty(audio.RemoteRtxSsrcs);
        Assert.Empty(answer.RejectedMedia);
    }

    [Fact]
    public void ChromeSimulcast_AnswersRecvSimulcastWithRids()
    {
        var answer = AnswerOk(SdpSamples.ChromeSimulcastOffer);
        var lines = SdpTestOptions.SectionLines(answer.Sdp, 0);

        Assert.Contains("a=rid:h recv", lines);
        Assert.Contains("a=rid:m recv", lines);
        Assert.Contains("a=rid:l recv", lines);
        Assert.Contains("a=simulcast:recv h;m;~l", lines);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", lines);
        Assert.Contains("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", lines);
        Assert.True(lines.IndexOf("a=rid:h recv") < lines.IndexOf("a=simulcast:recv h;m;~l"));

        var video = answer.Media[0];
        Assert.Equal(["h", "m", "l"], video.RemoteRids);
        Assert.Empty(video.RemoteSsrcs);
        Assert.NotNull(video.RemoteSimulcast);
    }

    [Fact]
    public void ChromeWhep_WithoutTracksAnswersInactive()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer);

        Assert.All(answer.Media, m => Assert.Equal(MediaDirection.Inactive, m.Direction));
        Assert.All(answer.Media, m => Assert.True(m.Accepted));
    }

    [Fact]
    public void ChromeWhep_WithTracksAnswersSendOnlyWithMsidAndSsrcs()
    {
        var options = SdpTestOptions.Answer()
            .WithTrack("0", new LocalTrack(1111, null, "bridge-cname", "stream-a", "audio-a"))
            .WithTrack("1", new LocalTrack(2222, 3333, "bridge-cname", "stream-a", "video-a"));
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer, options);

        var audio = SdpTestOptions.SectionLines(answer.Sdp, 0);
        Assert.Contains("a=sendonly", audio);
        Assert.Contains("a=msid:stream-a audio-a", audio);
        Assert.Contains("a=ssrc:1111 cname:bridge-cname", audio);
        Assert.Contains("a=ssrc:1111 msid:stream-a audio-a", audio);
        Assert.DoesNotContain(audio, l => l.StartsWith("a=ssrc-group", StringComparison.Ordinal));

        var video = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Contains("a=sendonly", video);
        Assert.Contains("a=ssrc-group:FID 2222 3333", video);
        Assert.Contains("a=ssrc:3333 cname:bridge-cname", video);
        Assert.Equal(97, answer.Media[1].RtxPayloadType);
        Assert.Equal(2222u, answer.Media[1].LocalTrack!.Ssrc);
    }

    [Fact]
    public void RequiredCodec_PinsTheAnswerToThePublishersCodec()
    {
        var vp8 = new RtpCodec { Name = "VP8", ClockRate = 90000 };
        var options = SdpTestOptions.Answer().WithRequiredCodec("1", vp8);
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer, options);

        var video = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Equal("m=video 9 UDP/TLS/RTP/SAVPF 96 97", video[0]);
        Assert.Equal(["VP8", "rtx"], answer.Media[1].Codecs.Select(c => c.Name));
    }

    [Fact]
    public void RequiredCodec_NotOfferedRejectsTheSectionAndReportsIt()
    {
        var options = SdpTestOptions.Answer().WithRequiredCodec("1", new RtpCodec { Name = "AV1", ClockRate = 90000 });
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer, options);

        var video = answer.Media[1];
        Assert.False(video.Accepted);
        Assert.Equal(MediaRejectionReason.RequiredCodecNotOffered, video.RejectionReason);
        Assert.Equal([video], answer.RejectedMedia);
        Assert.Equal(["0"], answer.Description.BundleMids);
        var lines = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.StartsWith("m=video 0 UDP/TLS/RTP/SAVPF", lines[0]);
        Assert.Contains("a=mid:1", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("a=ice-ufrag", StringComparison.Ordinal));
    }

    [Fact]
    public void RequiredH264Profile_MatchesByProfileNotLevel()
    {
        var constrainedBaseline = new RtpCodec { Name = "H264", ClockRate = 90000 };
        constrainedBaseline.Parameters["packetization-mode"] = "1";
        constrainedBaseline.Parameters["profile-level-id"] = "42e034";
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer, SdpTestOptions.Answer().WithRequiredCodec("1", constrainedBaseline));

        Assert.Equal([106, 107], answer.Media[1].Codecs.Select(c => c.PayloadType));
        Assert.Equal("42e01f", answer.Media[1].Codecs[0].GetParameter("profile-level-id"));
    }

    [Fact]
    public void Aiortc_AnswersSendRecvAsRecvOnlyWithH264AndVp8()
    {
        var answer = AnswerOk(SdpSamples.AiortcOffer);

        Assert.Equal("EsAw".Length, answer.RemoteIceUfrag.Length);
        Assert.Equal("Wz3G", answer.RemoteIceUfrag);
        Assert.Equal(3, answer.RemoteCandidates.Count);
        Assert.Equal(MediaDirection.RecvOnly, answer.Media[0].Direction);
        Assert.Equal(["opus"], answer.Media[0].Codecs.Select(c => c.Name));
        Assert.Equal([97, 98, 99, 100, 101, 102], answer.Media[1].Codecs.Select(c => c.PayloadType));
        Assert.Equal(1573460186u, answer.Media[1].RemoteSsrcs.Single());
        Assert.Equal(3341071339u, answer.Media[1].RemoteRtxSsrcs[1573460186]);
        Assert.Equal(MediaCapabilities.MidUri, answer.Media[1].ExtensionIds.Single(e => e.Value == 1).Key);

        var video = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Contains("a=rtcp-fb:97 goog-remb", video);
        Assert.DoesNotContain("a=rtcp-rsize", video);
    }

    [Fact]
    public void GStreamer_AcceptsBundleOnlySectionAndUpperCaseOpus()
    {
        var answer = AnswerOk(SdpSamples.GStreamerOffer);

        Assert.Equal(["video0", "audio1"], answer.Description.BundleMids);
        Assert.All(answer.Media, m => Assert.True(m.Accepted));
        Assert.Equal("OPUS", answer.Media[1].PrimaryCodec!.Name);
        Assert.Equal([3484078952u], answer.Media[0].RemoteSsrcs);
        Assert.Equal(3484078953u, answer.Media[0].RemoteRtxSsrcs[3484078952]);
        Assert.Equal("1F:9D:F1:11:3F:8A:91:D6:7C:4F:2E:9C:1A:B0:86:2E:7D:42:37:8B:7F:0E:DD:AE:37:B0:8A:2F:AE:60:8F:5E", answer.RemoteFingerprint.Value);

        var audio = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Equal("m=audio 9 UDP/TLS/RTP/SAVPF 98", audio[0]);
        Assert.Contains("a=fmtp:98 minptime=10;useinbandfec=1", audio);
        // Candidates only in the BUNDLE-tagged section unless asked for everywhere.
        Assert.DoesNotContain(audio, l => l.StartsWith("a=candidate", StringComparison.Ordinal));
        Assert.Contains(SdpTestOptions.SectionLines(answer.Sdp, 0), l => l.StartsWith("a=candidate", StringComparison.Ordinal));
    }

    [Fact]
    public void CandidatesInEveryMediaSection_WhenAsked()
    {
        var options = SdpTestOptions.Answer();
        options.CandidatesInEveryMediaSection = true;
        var answer = AnswerOk(SdpSamples.GStreamerOffer, options);

        Assert.Equal(2, answer.Description.Media.Count(m => m.Candidates.Count == 1 && m.EndOfCandidates));
    }

    [Fact]
    public void DataChannel_IsRejectedAndLeftOutOfBundle()
    {
        var answer = AnswerOk(SdpSamples.ChromeAudioAndDataOffer);

        Assert.Equal(MediaRejectionReason.UnsupportedMediaType, answer.Media[1].RejectionReason);
        Assert.Equal(["0"], answer.Description.BundleMids);
        var lines = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Equal(["m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:1"], lines);
    }

    [Fact]
    public void OfferSetupPassive_MakesTheBridgeTheDtlsClient()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer.Replace("a=setup:actpass", "a=setup:passive"));

        Assert.Equal(DtlsSetupRole.Client, answer.LocalDtlsRole);
        Assert.Contains("a=setup:active", SdpTestOptions.SectionLines(answer.Sdp, 0));
    }

    [Fact]
    public void OfferSetupActive_KeepsTheBridgeServer()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer.Replace("a=setup:actpass", "a=setup:active"));
        Assert.Equal(DtlsSetupRole.Server, answer.LocalDtlsRole);
    }

    [Theory]
    [InlineData(MediaDirection.SendOnly, false, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendOnly, true, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, false, MediaDirection.Inactive)]
    [InlineData(MediaDirection.RecvOnly, true, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendRecv, false, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendRecv, true, MediaDirection.SendRecv)]
    [InlineData(MediaDirection.Inactive, true, MediaDirection.Inactive)]
    public void AnswerDirection_FollowsRfc3264(MediaDirection offered, bool hasTrack, MediaDirection expected) =>
        Assert.Equal(expected, SdpNegotiator.AnswerDirection(offered, hasTrack));

    [Fact]
    public void SendRecvOfferWithTrack_WritesTrackLines()
    {
        var options = SdpTestOptions.Answer().WithTrack("1", new LocalTrack(42, 43, "c", "s", "t"));
        var answer = AnswerOk(SdpSamples.AiortcOffer, options);

        var video = SdpTestOptions.SectionLines(answer.Sdp, 1);
        Assert.Contains("a=sendrecv", video);
        Assert.Contains("a=ssrc-group:FID 42 43", video);
    }

    [Fact]
    public void SectionWithoutRtcpMux_IsRejected()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer.Replace("a=mid:1\r\n", "a=mid:1\r\na=x\r\n").Replace("a=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:96", "a=rtpmap:96"));
        Assert.Equal(MediaRejectionReason.RtcpMuxNotOffered, answer.Media[1].RejectionReason);
    }

    [Fact]
    public void SectionOutsideBundle_IsRejected()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhepOffer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"));
        Assert.Equal(MediaRejectionReason.NotBundled, answer.Media[1].RejectionReason);
        Assert.Equal(["0"], answer.Description.BundleMids);
    }

    [Fact]
    public void SectionRejectedByOfferer_StaysRejected()
    {
        var offer = SessionDescription.Parse(SdpSamples.ChromeWhepOffer).Description!;
        offer.Media[0].Port = 0;
        var result = SdpNegotiator.CreateAnswer(offer, SdpTestOptions.Answer());

        Assert.Equal(MediaRejectionReason.RejectedByOfferer, result.Answer!.Media[0].RejectionReason);
        Assert.Equal(["1"], result.Answer.Description.BundleMids);
    }

    [Fact]
    public void SingleSectionWithoutBundleGroup_IsAccepted()
    {
        var offer = SessionDescription.Parse(SdpSamples.ChromeSimulcastOffer).Description!;
        offer.BundleMids.Clear();
        var result = SdpNegotiator.CreateAnswer(offer, SdpTestOptions.Answer());

        Assert.True(result.Success, result.Error);
        Assert.Empty(result.Answer!.Description.BundleMids);
        Assert.DoesNotContain("a=group", result.Answer.Sdp);
    }

    [Fact]
    public void NoCommonCodec_FailsWithReasons()
    {
        var offer = Header + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtcp-mux\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=fingerprint:" + SdpSamples.ChromeFingerprint + "\r\n";
        var result = SdpNegotiator.CreateAnswer(offer, SdpTestOptions.Answer());

        Assert.False(result.Success);
        Assert.Contains("NoCommonCodec", result.Error);
    }

    private const string Header = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n";

    [Fact]
    public void MissingIceCredentialsOrFingerprint_Fails()
    {
        var noFingerprint = SdpSamples.ChromeWhepOffer.Replace("a=fingerprint:" + SdpSamples.ChromeFingerprint + "\r\n", string.Empty);
        Assert.Contains("fingerprint", SdpNegotiator.CreateAnswer(noFingerprint, SdpTestOptions.Answer()).Error);

        var noUfrag = SdpSamples.ChromeWhepOffer.Replace("a=ice-ufrag:pW9c\r\n", string.Empty);
        Assert.False(SdpNegotiator.CreateAnswer(noUfrag, SdpTestOptions.Answer()).Success);
    }

    [Fact]
    public void IceLiteOffer_Fails()
    {
        var result = SdpNegotiator.CreateAnswer(SdpSamples.ChromeWhepOffer.Replace("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n"), SdpTestOptions.Answer());
        Assert.False(result.Success);
        Assert.Contains("ICE-lite", result.Error);
    }

    [Fact]
    public void HoldconnSetup_Fails() =>
        Assert.False(SdpNegotiator.CreateAnswer(SdpSamples.ChromeWhepOffer.Replace("a=setup:actpass", "a=setup:holdconn"), SdpTestOptions.Answer()).Success);

    [Fact]
    public void UnparsableOffer_FailsWithoutThrowing()
    {
        var result = SdpNegotiator.CreateAnswer("garbage", SdpTestOptions.Answer());
        Assert.False(result.Success);
        Assert.StartsWith("offer:", result.Error);
    }

    [Fact]
    public void InvalidLocalOptions_AreProgrammingErrors()
    {
        var options = SdpTestOptions.Answer();
        options.IcePwd = "short";
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateAnswer(SdpSamples.ChromeWhepOffer, options));
    }

    [Fact]
    public void ExtmapDirection_IsReversed()
    {
        var answer = AnswerOk(SdpSamples.ChromeWhipOffer.Replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 9f1b",
            "a=extmap:4/sendonly urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 9f1b"));
        Assert.Contains("a=extmap:4/recvonly urn:ietf:params:rtp-hdrext:sdes:mid", SdpTestOptions.SectionLines(answer.Sdp, 0));
    }
}
