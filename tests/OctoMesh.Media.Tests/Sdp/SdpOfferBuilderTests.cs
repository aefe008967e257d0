using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

[Trait(Tier.Name, Tier.Unit)]
public class SdpOfferBuilderTests
{
    private static readonly MediaCapabilities Capabilities = MediaCapabilities.CreateDefault();

    private static OfferedTrack Track(string mid, MediaKind kind, uint ssrc, uint? rtx = null) => new()
    {
        Mid = mid,
        Kind = kind,
        Direction = MediaDirection.SendOnly,
        Track = new LocalTrack(ssrc, rtx, "bridge", "participant-" + mid, "track-" + mid),
        Codecs = Capabilities.CreateOfferCodecs(kind),
        Extensions = Capabilities.CreateOfferExtensions(kind),
    };

    private static SessionDescription Reparse(SessionDescription offer)
    {
        var parsed = SessionDescription.Parse(offer.ToString());
        Assert.True(parsed.Success, parsed.Error);
        return parsed.Description!;
    }

    [Fact]
    public void FirstOffer_ParsesBackWithBundleIceLiteAndActPass()
    {
        var builder = new SdpOfferBuilder(SdpTestOptions.Offer());
        var offer = Reparse(builder.CreateOffer([Track("a0", MediaKind.Audio, 100), Track("v0", MediaKind.Video, 200, 201)]));

        Assert.Equal("987654321", offer.SessionId);
        Assert.Equal("1", offer.SessionVersion);
        Assert.Equal(1UL, builder.LastSessionVersion);
        Assert.Equal(["a0", "v0"], offer.BundleMids);
        Assert.True(offer.IceLite);
        Assert.All(offer.Media, m =>
        {
            Assert.Equal("actpass", m.Setup);
            Assert.Equal(MediaDirection.SendOnly, m.Direction);
            Assert.True(m.RtcpMux);
            Assert.Equal(SdpTestOptions.LocalUfrag, m.IceUfrag);
            Assert.Equal(SdpTestOptions.LocalFingerprint, m.Fingerprint);
        });

        Assert.Equal([SdpTestOptions.LocalCandidate], offer.Media[0].Candidates);
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.Empty(offer.Media[1].Candidates);

        var video = offer.Media[1];
        Assert.Equal(200u, video.PrimarySsrc);
        Assert.Equal(201u, video.RtxSsrcFor(200));
        Assert.Equal("bridge", video.Cname);
        Assert.Equal("participant-v0", video.MsidStream);
        Assert.Equal(97, video.FindCodec(96)!.RtxPayloadType);
        Assert.Equal("opus", offer.Media[0].Codecs[0].Name);
        Assert.Equal(4, offer.Media[0].FindExtensionId(MediaCapabilities.MidUri));
    }

    [Fact]
    public void LaterOffer_KeepsOrderMarksRemovedTracksInactiveAndAppendsNewOnes()
    {
        var builder = new SdpOfferBuilder(SdpTestOptions.Offer());
        builder.CreateOffer([Track("a0", MediaKind.Audio, 100), Track("v0", MediaKind.Video, 200, 201)]);

        // The first participant leaves; a second one arrives.
        var offer = Reparse(builder.CreateOffer([Track("v0", MediaKind.Video, 200, 201), Track("a1", MediaKind.Audio, 300)]));

        Assert.Equal("2", offer.SessionVersion);
        Assert.Equal(["a0", "v0", "a1"], offer.Media.Select(m => m.Mid));
        Assert.Equal(["a0", "v0", "a1"], offer.BundleMids);
        Assert.Equal([MediaDirection.Inactive, MediaDirection.SendOnly, MediaDirection.SendOnly], offer.Media.Select(m => m.Direction));
        Assert.Empty(offer.Media[0].Ssrcs);
        Assert.Null(offer.Media[0].MsidStream);
        Assert.NotEqual(0, offer.Media[0].Port);
        Assert.NotEmpty(offer.Media[0].Codecs);
        Assert.Equal(300u, offer.Media[2].PrimarySsrc);
        Assert.Equal(["a0", "v0", "a1"], builder.Mids);
    }

    [Fact]
    public void ExplicitInactiveTrack_WritesNoSsrcs()
    {
        var builder = new SdpOfferBuilder(SdpTestOptions.Offer());
        var stopped = Track("v0", MediaKind.Video, 200, 201);
        stopped.Direction = MediaDirection.Inactive;
        var offer = Reparse(builder.CreateOffer([stopped]));

        Assert.Equal(MediaDirection.Inactive, offer.Media[0].Direction);
        Assert.Empty(offer.Media[0].Ssrcs);
    }

    [Fact]
    public void OfferThatABrowserAnswers_NegotiatesBackToTheBridge()
    {
        // The bridge's offer must be something its own answerer logic accepts, as a stand-in for a browser
        // (the browser's answer direction is the reverse: recvonly).
        var offer = new SdpOfferBuilder(SdpTestOptions.Offer()).CreateOffer([Track("v0", MediaKind.Video, 200, 201)]);
        offer.IceLite = false;
        var result = SdpNegotiator.CreateAnswer(offer.ToString(), SdpTestOptions.Answer());

        Assert.True(result.Success, result.Error);
        var video = result.Answer!.Media[0];
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal([200u], video.RemoteSsrcs);
        Assert.Equal(201u, video.RemoteRtxSsrcs[200]);
        Assert.Equal("VP8", video.PrimaryCodec!.Name);
    }

    [Fact]
    public void CandidatesInEveryMediaSection_WhenAsked()
    {
        var options = SdpTestOptions.Offer();
        options.CandidatesInEveryMediaSection = true;
        var offer = new SdpOfferBuilder(options).CreateOffer([Track("a0", MediaKind.Audio, 1), Track("v0", MediaKind.Video, 2)]);

        Assert.All(offer.Media, m => Assert.Single(m.Candidates));
    }

    [Fact]
    public void ProgrammingErrors_Throw()
    {
        var builder = new SdpOfferBuilder(SdpTestOptions.Offer());
        builder.CreateOffer([Track("a0", MediaKind.Audio, 1)]);

        Assert.Throws<ArgumentException>(() => builder.CreateOffer([Track("a0", MediaKind.Video, 1)]));
        Assert.Throws<ArgumentException>(() => builder.CreateOffer([Track("x", MediaKind.Audio, 1), Track("x", MediaKind.Audio, 2)]));
        Assert.Throws<ArgumentException>(() => builder.CreateOffer([new OfferedTrack { Mid = "e", Kind = MediaKind.Audio }]));
        Assert.Throws<ArgumentException>(() => builder.CreateOffer([Track("bad mid", MediaKind.Audio, 1)]));
        // A rejected call leaves the m-line history untouched.
        Assert.Equal(["a0"], builder.Mids);
    }
}
