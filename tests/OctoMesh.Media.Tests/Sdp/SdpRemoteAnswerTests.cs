using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

[Trait(Tier.Name, Tier.Unit)]
public class SdpRemoteAnswerTests
{
    private static readonly MediaCapabilities Capabilities = MediaCapabilities.CreateDefault();

    private static SessionDescription BridgeOffer() => new SdpOfferBuilder(SdpTestOptions.Offer()).CreateOffer(
    [
        new OfferedTrack { Mid = "a0", Kind = MediaKind.Audio, Track = new LocalTrack(100, null, "b", "s", "a"), Codecs = Capabilities.CreateOfferCodecs(MediaKind.Audio) },
        new OfferedTrack { Mid = "v0", Kind = MediaKind.Video, Track = new LocalTrack(200, 201, "b", "s", "v"), Codecs = Capabilities.CreateOfferCodecs(MediaKind.Video), Extensions = Capabilities.CreateOfferExtensions(MediaKind.Video) },
    ]);

    /// <summary>What Chrome answers to the bridge's subscribe offer: recvonly, setup:active, a subset of codecs.</summary>
    private static readonly string ChromeAnswer = SdpSamples.Crlf("""
        v=0
        o=- 6329475312345678901 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE a0 v0
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Ab12
        a=ice-pwd:cdEFghIJklMNopQRstUVwx
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:active
        a=mid:a0
        a=recvonly
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Ab12
        a=ice-pwd:cdEFghIJklMNopQRstUVwx
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:active
        a=mid:v0
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        """);

    [Fact]
    public void ChromeAnswer_GivesRolesDirectionsAndCodecs()
    {
        var result = SdpNegotiator.ProcessRemoteAnswer(BridgeOffer(), ChromeAnswer);

        Assert.True(result.Success, result.Error);
        var answer = result.Answer!;
        Assert.Equal(DtlsSetupRole.Server, answer.LocalDtlsRole);
        Assert.Equal("Ab12", answer.RemoteIceUfrag);
        Assert.All(answer.Media, m => Assert.Equal(MediaDirection.SendOnly, m.Direction));
        Assert.Equal(97, answer.Media[1].PrimaryCodec!.RtxPayloadType);
        Assert.Equal(4, answer.Media[1].ExtensionIds[MediaCapabilities.MidUri]);
        Assert.False(answer.Media[0].RtcpRsize);
        Assert.True(answer.Media[1].RtcpRsize);
    }

    [Fact]
    public void PassiveAnswer_MakesTheBridgeClient()
    {
        var result = SdpNegotiator.ProcessRemoteAnswer(BridgeOffer(), ChromeAnswer.Replace("a=setup:active", "a=setup:passive"));
        Assert.Equal(DtlsSetupRole.Client, result.Answer!.LocalDtlsRole);
    }

    [Fact]
    public void RejectedSection_IsReported()
    {
        var result = SdpNegotiator.ProcessRemoteAnswer(BridgeOffer(), ChromeAnswer.Replace("m=video 9", "m=video 0").Replace("BUNDLE a0 v0", "BUNDLE a0"));
        Assert.True(result.Success, result.Error);
        Assert.False(result.Answer!.Media[1].Accepted);
        Assert.True(result.Answer.Media[0].Accepted);
    }

    [Theory]
    [InlineData("a=mid:v0", "a=mid:zz")]
    [InlineData("a=setup:active", "a=setup:actpass")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=audio 9 UDP/TLS/RTP/SAVPF x")]
    public void MismatchedOrMalformedAnswer_Fails(string from, string to) =>
        Assert.False(SdpNegotiator.ProcessRemoteAnswer(BridgeOffer(), ChromeAnswer.Replace(from, to)).Success);
}
