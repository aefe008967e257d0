using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

[Trait(Tier.Name, Tier.Unit)]
public class SdpParserTests
{
    private static SessionDescription ParseOk(string sdp)
    {
        var result = SessionDescription.Parse(sdp);
        Assert.True(result.Success, result.Error);
        return result.Description!;
    }

    [Fact]
    public void ChromeWhipOffer_SessionLevel()
    {
        var offer = ParseOk(SdpSamples.ChromeWhipOffer);

        Assert.Equal("-", offer.OriginUsername);
        Assert.Equal("4215775240449105457", offer.SessionId);
        Assert.Equal("2", offer.SessionVersion);
        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.False(offer.IceLite);
        Assert.Contains("extmap-allow-mixed", offer.OtherAttributes);
        Assert.Contains("msid-semantic: WMS 3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11", offer.OtherAttributes);
        Assert.Equal(2, offer.Media.Count);
    }

    [Fact]
    public void ChromeWhipOffer_AudioSection()
    {
        var audio = ParseOk(SdpSamples.ChromeWhipOffer).Media[0];

        Assert.Equal(MediaKind.Audio, audio.Kind);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal("EsAw", audio.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", audio.IcePwd);
        Assert.Equal(new SdpFingerprint("sha-256", SdpSamples.ChromeFingerprint["sha-256 ".Length..]), audio.Fingerprint);
        Assert.Equal("actpass", audio.Setup);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Codecs.Select(c => c.PayloadType));

        var opus = audio.Codecs[0];
        Assert.Equal("opus", opus.Name);
        Assert.Equal(48000, opus.ClockRate);
        Assert.Equal(2, opus.Channels);
        Assert.Equal("10", opus.Parameters["MINPTIME"]);
        Assert.Equal("1", opus.Parameters["useinbandfec"]);
        Assert.Equal(["transport-cc"], opus.Feedback);

        Assert.Equal(4, audio.Extensions.Count);
        Assert.Equal(1, audio.FindExtensionId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        Assert.Equal(3570614608u, audio.PrimarySsrc);
        Assert.Equal("4TOk42mSjXCkVIa6", audio.Cname);
        Assert.Equal("3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11", audio.MsidStream);
        Assert.Equal("9f1b6c2e-0a4d-4c55-8f0e-61b2d7a3c4e5", audio.MsidTrack);
        Assert.Contains("rtcp:9 IN IP4 0.0.0.0", audio.OtherAttributes);
        Assert.Contains("ice-options:trickle", audio.OtherAttributes);
    }

    [Fact]
    public void ChromeWhipOffer_VideoSectionLinksRtxAndSsrcGroups()
    {
        var video = ParseOk(SdpSamples.ChromeWhipOffer).Media[1];

        Assert.Equal(MediaKind.Video, video.Kind);
        Assert.Equal(27, video.Codecs.Count);
        var vp8 = video.FindCodec(96)!;
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8.Feedback);
        Assert.Equal(97, vp8.RtxPayloadType);
        var rtx = video.FindCodec(97)!;
        Assert.True(rtx.IsRtx);
        Assert.Equal(96, rtx.AssociatedPayloadType);
        Assert.Equal("42e01f", video.FindCodec(106)!.GetParameter("profile-level-id"));
        Assert.Null(video.FindCodec(118)!.RtxPayloadType);

        Assert.Equal(11, video.Extensions.Count);
        Assert.Equal(10, video.FindExtensionId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        var group = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", group.Semantics);
        Assert.Equal([2733513359u, 1597221553u], group.Ssrcs);
        Assert.Equal(2733513359u, video.PrimarySsrc);
        Assert.Equal(1597221553u, video.RtxSsrcFor(2733513359));
        Assert.Null(video.RtxSsrcFor(1597221553));
        Assert.Equal([2733513359u], video.PrimarySsrcs);
    }

    [Fact]
    public void SimulcastOffer_RidsAndPausedLayer()
    {
        var video = ParseOk(SdpSamples.ChromeSimulcastOffer).Media[0];

        Assert.Equal(["h", "m", "l"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal("pt=96;max-width=320", video.Rids[2].Restrictions);
        Assert.NotNull(video.Simulcast);
        Assert.Equal(["h", "m", "l"], video.Simulcast!.SendRidIds);
        Assert.True(video.Simulcast.Send[2][0].Paused);
        Assert.Empty(video.Simulcast.Recv);
        Assert.Equal("send h;m;~l", video.Simulcast.ToString());
        Assert.Null(video.PrimarySsrc);
        Assert.Equal("-", video.MsidStream);
    }

    [Fact]
    public void Simulcast_AlternativesAndBothDirections()
    {
        var simulcast = SimulcastDescription.TryParse("recv 1,2;3 send 4");

        Assert.NotNull(simulcast);
        Assert.Equal(2, simulcast!.Recv.Count);
        Assert.Equal(["1", "2"], simulcast.Recv[0].Select(r => r.Id));
        Assert.Equal(["4"], simulcast.SendRidIds);
        Assert.Equal("send 4 recv 1,2;3", simulcast.ToString());
        Assert.Equal(["a", "b"], SimulcastDescription.TryParse("send rid=a;b")!.SendRidIds);
        Assert.Null(SimulcastDescription.TryParse("send"));
        Assert.Null(SimulcastDescription.TryParse("send a send b"));
        Assert.Null(SimulcastDescription.TryParse("sideways a"));
        Assert.Null(SimulcastDescription.TryParse("send a;;b"));
    }

    [Fact]
    public void AiortcOffer_CandidatesAndStaticPayloadTypes()
    {
        var offer = ParseOk(SdpSamples.AiortcOffer);
        var audio = offer.Media[0];

        Assert.Equal(41519, audio.Port);
        Assert.Equal("IN IP4 10.0.0.5", audio.Connection);
        Assert.Equal(2, audio.Candidates.Count);
        Assert.StartsWith("candidate:3f9b0d0f", audio.Candidates[0]);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(["opus", "PCMU", "PCMA"], audio.Codecs.Select(c => c.Name));
        Assert.Equal("Wz3G", offer.EffectiveIceUfrag(audio));
        Assert.Equal(98, offer.Media[1].FindCodec(97)!.RtxPayloadType);
    }

    [Fact]
    public void GStreamerOffer_BundleOnlySection()
    {
        var offer = ParseOk(SdpSamples.GStreamerOffer);

        Assert.Equal(["video0", "audio1"], offer.BundleMids);
        var audio = offer.Media[1];
        Assert.Equal(0, audio.Port);
        Assert.True(audio.IsBundleOnly);
        Assert.False(audio.IsRejected);
        Assert.Equal("OPUS", audio.Codecs[0].Name);
        Assert.Equal(1871512374u, audio.PrimarySsrc);
        Assert.Equal(3484078953u, offer.Media[0].RtxSsrcFor(3484078952));
    }

    [Theory]
    [InlineData(nameof(SdpSamples.ChromeWhipOffer))]
    [InlineData(nameof(SdpSamples.ChromeSimulcastOffer))]
    [InlineData(nameof(SdpSamples.ChromeWhepOffer))]
    [InlineData(nameof(SdpSamples.AiortcOffer))]
    [InlineData(nameof(SdpSamples.GStreamerOffer))]
    [InlineData(nameof(SdpSamples.ChromeAudioAndDataOffer))]
    public void RoundTrip_WriteThenParseGivesTheSameText(string sample)
    {
        var text = (string)typeof(SdpSamples).GetField(sample, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;
        var first = ParseOk(text).ToString();
        var second = ParseOk(first).ToString();

        Assert.Equal(first, second);
        Assert.EndsWith("\r\n", first);
        Assert.DoesNotContain("\n", first.Replace("\r\n", string.Empty));
        Assert.StartsWith("v=0\r\no=", first);
    }

    [Fact]
    public void RoundTrip_KeepsModelledContent()
    {
        var original = ParseOk(SdpSamples.ChromeWhipOffer);
        var reparsed = ParseOk(original.ToString());

        for (var i = 0; i < original.Media.Count; i++)
        {
            var a = original.Media[i];
            var b = reparsed.Media[i];
            Assert.Equal(a.Formats, b.Formats);
            Assert.Equal(a.Codecs.Select(c => c.ToString() + c.FormatParameters() + string.Join(',', c.Feedback)),
                b.Codecs.Select(c => c.ToString() + c.FormatParameters() + string.Join(',', c.Feedback)));
            Assert.Equal(a.Extensions, b.Extensions);
            Assert.Equal(a.Ssrcs, b.Ssrcs);
            Assert.Equal(a.Direction, b.Direction);
            Assert.Equal(a.OtherAttributes, b.OtherAttributes);
        }
    }

    [Fact]
    public void AcceptsBareLineFeedsAndTrailingBlankLines()
    {
        var offer = ParseOk(SdpSamples.ChromeWhepOffer.Replace("\r\n", "\n") + "\n\n");
        Assert.Equal(2, offer.Media.Count);
    }

    [Fact]
    public void SessionLevelDirectionIsTheDefault()
    {
        var offer = ParseOk("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=recvonly\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=inactive\r\n");
        Assert.Equal(MediaDirection.RecvOnly, offer.Media[0].Direction);
        Assert.Equal(MediaDirection.Inactive, offer.Media[1].Direction);
        Assert.Equal("PCMU", offer.Media[0].Codecs[0].Name);
    }

    [Fact]
    public void WildcardFeedbackAppliesToEveryCodec()
    {
        var media = ParseOk("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 VP9/90000\r\na=rtcp-fb:* nack\r\na=rtcp-fb:96 nack\r\n").Media[0];
        Assert.Equal(["nack"], media.Codecs[0].Feedback);
        Assert.Equal(["nack"], media.Codecs[1].Feedback);
    }

    [Fact]
    public void FmtpWithoutKeyValuePairsIsKept()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 126\r\na=rtpmap:126 telephone-event/8000\r\na=fmtp:126 0-15\r\n";
        var media = ParseOk(text).Media[0];
        Assert.Equal("0-15", media.Codecs[0].FormatParameters());
        Assert.Contains("a=fmtp:126 0-15\r\n", ParseOk(text).ToString());
    }

    private const string Header = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData("")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n")]                                  // missing v=
    [InlineData("v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n")]                           // wrong version
    [InlineData("v=0\r\ns=-\r\n")]                                                     // missing o=
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n")]                                  // missing s=
    [InlineData("v=0\r\no=- 1 1\r\ns=-\r\n")]                                          // short o=
    [InlineData("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\ns=-\r\n")]                           // non-numeric sess-id
    [InlineData(Header + "this is not sdp\r\n")]                                       // garbage line
    [InlineData(Header + "=nothing\r\n")]
    [InlineData(Header + "A=upper\r\n")]
    [InlineData(Header + "a=x\0y\r\n")]                                                // control character
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n")]                           // m-line with no formats
    [InlineData(Header + "m=audio\r\n")]
    [InlineData(Header + "m=audio 70000 UDP/TLS/RTP/SAVPF 0\r\n")]                     // port out of range
    [InlineData(Header + "m=audio -1 UDP/TLS/RTP/SAVPF 0\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n")]                       // payload type out of range
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus/abc/2\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus/48000/0\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus/99999999999/2\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:96 opus/48000/2\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=fmtp:x minptime=10\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtcp-fb:96\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:0 urn:x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:256 urn:x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:1/sideways urn:x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:1\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc:4294967296 cname:x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc:-1 cname:x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc-group:FID 1 x\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc-group:FID\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rid:h sideways\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rid:h!x send\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=simulcast:send\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:a\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:a\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=msid:\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=candidate:\r\n")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\nt=0 0\r\n")]                // session line inside media
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n")] // m= before o=
    [InlineData(Header + "v=0\r\n")]
    public void MalformedInput_ReturnsErrorWithoutThrowing(string sdp)
    {
        var result = SessionDescription.Parse(sdp);

        Assert.False(result.Success);
        Assert.Null(result.Description);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void NullInput_ReturnsError() => Assert.False(SessionDescription.Parse(null!).Success);

    [Fact]
    public void HugeInput_IsRejectedBySize()
    {
        var huge = Header + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n" + string.Concat(Enumerable.Repeat("a=x-padding:" + new string('x', 100) + "\r\n", 1000));
        var result = SessionDescription.Parse(huge);

        Assert.False(result.Success);
        Assert.Contains("longer", result.Error);
    }

    [Fact]
    public void TooManyLines_AreRejected()
    {
        var many = Header + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n" + string.Concat(Enumerable.Repeat("a=x\r\n", SessionDescription.MaxLineCount));
        var result = SessionDescription.Parse(many);

        Assert.False(result.Success);
        Assert.Contains("lines", result.Error);
    }

    [Fact]
    public void TooManyMediaSections_AreRejected()
    {
        var many = Header + string.Concat(Enumerable.Repeat("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n", SessionDescription.MaxMediaSections + 1));
        Assert.False(SessionDescription.Parse(many).Success);
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        // A small deterministic fuzz: truncations and byte flips of a real offer must only ever fail cleanly.
        var random = new Random(8866);
        var source = SdpSamples.ChromeWhipOffer;
        for (var i = 0; i < 2000; i++)
        {
            var chars = source.ToCharArray(0, random.Next(source.Length));
            for (var flips = random.Next(4); flips > 0 && chars.Length > 0; flips--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
            }

            var result = SessionDescription.Parse(new string(chars));
            Assert.True(result.Success ^ (result.Error is not null));
            if (result.Success)
            {
                Assert.True(SessionDescription.Parse(result.Description!.ToString()).Success);
            }
        }
    }
}
