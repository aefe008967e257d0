using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Sdp;
using Xunit.Abstractions;
using Xunit.Sdk;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// Bad input on the media port (issue 2, "Bad input"): random bytes, truncated STUN/DTLS/RTP/RTCP, STUN with
/// a real session's ufrag but a bad MESSAGE-INTEGRITY, SRTP with a wrong tag and replayed SRTP are dropped
/// and counted in /metrics, while a Chromium WHIP publisher and WHEP player keep decoding and a headless
/// publish/play session keeps flowing.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class MediaPortAbuseTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Rounds = 5;
    private const int RandomDatagramsPerRound = 200;
    private const int RandomSrtpPerRound = 50;
    private const int FramesPerRound = 10;

    private static readonly string[] SrtpReasons =
        ["rtp_malformed", "rtcp_malformed", "srtp_authentication_failed", "srtp_replayed", "srtp_other"];

    [Fact]
    public async Task Bad_input_to_the_media_port_is_dropped_and_counted_while_media_keeps_flowing()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisherPage = await WhipWhepPage.OpenAsync(chromium, bridge);
        var playerPage = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisherPage.PublishAsync("abuse-browser");
        await playerPage.PlayAsync("abuse-browser");
        await using var headless = await HeadlessRoom.StartAsync(bridge, "abuse-headless");
        await Eventually.Until(async () => (await playerPage.PlayerInboundAsync()).VideoFramesDecoded > 0,
            Eventually.Patience, "the Chromium player to decode its first frame", playerPage.DescribeAsync);
        await headless.WaitForMediaAsync(20, 10, Eventually.Patience);

        var before = await MediaDrops.ReadAsync(bridge);
        using var attacker = new MediaPortAttacker(headless.Publisher, seed: 20240601);
        for (var round = 0; round < Rounds; round++)
        {
            attacker.RandomBytesFromStranger(RandomDatagramsPerRound);
            attacker.RandomSrtpFromVictim(RandomSrtpPerRound);
            attacker.TruncatedStun();
            attacker.StunWithBadIntegrity();
            attacker.TruncatedDtls();
            attacker.TruncatedRtpAndRtcp();
            attacker.SrtpWithWrongTag();
            attacker.ReplayedSrtp();
            await KeepsFlowingAsync(bridge, playerPage, headless, $"abuse round {round + 1}");
        }

        var dropped = await WaitForDropsAsync(bridge, before, attacker);
        output.WriteLine($"Dropped during the abuse: {dropped}");
        foreach (var (reason, expected) in attacker.Expected)
        {
            Assert.True(dropped[reason] >= expected, $"reason=\"{reason}\" grew by {dropped[reason]}, expected at least {expected}. All: {dropped}");
        }

        var srtpDrops = SrtpReasons.Sum(reason => dropped[reason]) - SrtpReasons.Sum(reason => attacker.Expected.GetValueOrDefault(reason));
        Assert.True(srtpDrops >= attacker.ExpectedSrtpDrops,
            $"{attacker.ExpectedSrtpDrops} random RTP/RTCP datagrams from a bound 5-tuple should each be dropped under an SRTP reason; {srtpDrops} were. All: {dropped}");

        await KeepsFlowingAsync(bridge, playerPage, headless, "after the abuse");
        Assert.True(headless.Publisher.IsConnected && headless.Player.IsConnected, "the headless sessions must stay connected");
        Assert.Equal(0, headless.Player.Counters.SrtpFailures);
        Assert.DoesNotContain(bridge.Log.Entries, entry => entry.StartsWith("Error", StringComparison.Ordinal));
        var stats = await bridge.GetStatsAsync();
        Assert.True(stats.Publishers == 2 && stats.Subscribers == 2, $"both rooms keep their publisher and player: {stats}");

        await publisherPage.Browser.CloseAsync();
        await playerPage.Browser.CloseAsync();
    }

    /// <summary>The Chromium player decodes more frames and the headless player receives more video.</summary>
    private static async Task KeepsFlowingAsync(BridgeServer bridge, WhipWhepPage player, HeadlessRoom headless, string when)
    {
        var frames = (await player.PlayerInboundAsync()).VideoFramesDecoded;
        var video = headless.PlayerTrack(MediaKind.Video);
        var packets = headless.Recorder.CountOn(video.Ssrc);
        await Eventually.Until(
            async () => (await player.PlayerInboundAsync()).VideoFramesDecoded >= frames + FramesPerRound
                && headless.Recorder.CountOn(video.Ssrc) >= packets + FramesPerRound,
            Eventually.Patience,
            $"{when}: the Chromium player to decode {FramesPerRound} more frames (from {frames}) and the headless player to receive {FramesPerRound} more video packets (from {packets})",
            async () => $"{await player.DescribeAsync()}{Environment.NewLine}headless player {headless.Player.Counters}; drops {await MediaDrops.ReadAsync(bridge)}");
    }

    /// <summary>The media port handles datagrams on its own thread: wait until the counters have caught up with what was sent.</summary>
    private static async Task<MediaDrops> WaitForDropsAsync(BridgeServer bridge, MediaDrops before, MediaPortAttacker attacker)
    {
        var sent = attacker.Expected.Values.Sum() + attacker.ExpectedSrtpDrops;
        MediaDrops dropped = before;
        try
        {
            await Eventually.Until(
                async () => (dropped = (await MediaDrops.ReadAsync(bridge)).Since(before)).Total >= sent,
                Eventually.Patience, $"/metrics to count at least {sent} dropped datagrams");
        }
        catch (XunitException error)
        {
            throw new XunitException($"{error.Message}{Environment.NewLine}counted: {dropped}{Environment.NewLine}expected: " +
                string.Join(", ", attacker.Expected.Select(pair => $"{pair.Key}={pair.Value}")) + $", any srtp reason={attacker.ExpectedSrtpDrops}");
        }

        return dropped;
    }
}
