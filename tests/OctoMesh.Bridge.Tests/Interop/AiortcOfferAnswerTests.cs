using OctoMesh.Media.Sdp;

namespace OctoMesh.Bridge.Tests.Interop;

/// <summary>
/// The bridge's answer to the offer aiortc really writes: what makes the difference between a
/// WHEP session aiortc can decode and one whose every audio packet kills aiortc's DTLS transport.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class AiortcOfferAnswerTests
{
    private const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    private static readonly LocalMediaOptions BridgeSide = new()
    {
        IceUfrag = "bridgeUfrag",
        IcePwd = "bridgePasswordOf24Chars",
        Fingerprint = new SdpFingerprint("sha-256",
            "DE:34:A2:BA:19:6F:8F:4C:82:F3:12:B1:47:D4:F6:31:71:98:4A:7A:09:0E:A7:36:6E:87:E2:CF:52:68:7C:4B"),
        Candidates = ["candidate:1 1 udp 2130706175 127.0.0.1 10000 typ host"],
    };

    [Fact]
    public void Both_sections_are_accepted_in_one_BUNDLE_group_on_the_first_sections_transport()
    {
        var answer = Negotiate();

        Assert.Equal(["0", "1"], answer.Description.BundleMids);
        Assert.All(answer.Media, media => Assert.True(media.Accepted, $"m-line {media.Index} rejected: {media.RejectionReason}"));
        // RFC 8843 §7.3.1: the offerer-tagged section (mid 0) carries the BUNDLE transport's parameters.
        Assert.Equal("2Ztg", answer.RemoteIceUfrag);
        Assert.Equal(DtlsSetupRole.Server, answer.LocalDtlsRole);
    }

    [Fact]
    public void No_extension_id_names_two_extensions_across_the_bundle()
    {
        var answer = Negotiate();

        var urisById = answer.Description.Media
            .SelectMany(media => media.Extensions)
            .GroupBy(extension => extension.Id)
            .ToDictionary(group => group.Key, group => group.Select(extension => extension.Uri).Distinct().ToList());
        Assert.All(urisById, pair => Assert.True(pair.Value.Count == 1,
            $"Extension id {pair.Key} names {string.Join(" and ", pair.Value)} in one BUNDLE group; " +
            $"aiortc then parses the audio level as abs-send-time and drops the transport.{Environment.NewLine}{answer.Sdp}"));
    }

    [Fact]
    public void The_audio_level_forwarded_to_players_keeps_its_id_and_the_colliding_abs_send_time_is_declined()
    {
        var answer = Negotiate();

        var audio = answer.Description.Media.Single(media => media.Mid == "0");
        var video = answer.Description.Media.Single(media => media.Mid == "1");
        Assert.Equal(2, audio.FindExtensionId(AudioLevelUri));
        Assert.Null(video.FindExtensionId(AbsSendTimeUri));
    }

    private static NegotiatedAnswer Negotiate()
    {
        var result = SdpNegotiator.CreateAnswer(AiortcOffers.RecvOnlyAudioVideo, BridgeSide);
        Assert.True(result.Success, $"The bridge could not answer aiortc's offer: {result.Error}");
        return result.Answer!;
    }
}
