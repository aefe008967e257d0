using System.Diagnostics;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// The question OctoMesh answers: a webcam streamed to the bridge from one browser with WHIP,
/// played in another with WHEP, in plain JS (<c>/whip-whep.html</c>).
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class WhipWhepTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int FramesToDecode = 60;
    private const int MinimumFrameWidth = 320;
    private static readonly TimeSpan StalledFor = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_webcam_published_with_WHIP_plays_in_another_browser_with_WHEP()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);

        await publisher.PublishAsync("whip-whep");
        await player.PlayAsync("whip-whep");

        var elapsed = await Eventually.Until(
            async () =>
            {
                var media = await player.PlayerInboundAsync();
                return media.VideoFramesDecoded >= FramesToDecode
                    && media.FrameWidth >= MinimumFrameWidth
                    && (media.AudioPacketsReceived > 0 || media.AudioSamplesReceived > 0);
            },
            Eventually.Patience,
            $"the WHEP player to decode {FramesToDecode} video frames at least {MinimumFrameWidth} px wide, and receive audio",
            player.DescribeAsync);

        output.WriteLine($"Player decoded {FramesToDecode} frames {elapsed.TotalSeconds:0.0} s after Play was answered: {await player.PlayerInboundAsync()}");
        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    [Fact]
    public async Task Deleting_the_sessions_stops_the_media_and_releases_every_buffer()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("teardown");
        await player.PlayAsync("teardown");
        await Eventually.Until(
            async () => (await player.PlayerInboundAsync()).VideoFramesDecoded > 0,
            Eventually.Patience, "the player to decode its first frame", player.DescribeAsync);

        var publisherStop = await publisher.StopAsync();
        Assert.Contains("-> 200", publisherStop);

        await Eventually.Until(
            async () => (await bridge.GetStatsAsync()).Publishers == 0,
            Eventually.Patience, "/api/stats to count 0 publishers after the WHIP DELETE", bridge.DescribeStatsAsync);
        var stall = new StallDetector();
        await Eventually.Until(
            async () => stall.HasStalledFor(await player.PlayerInboundAsync(), StalledFor),
            Eventually.Patience + StalledFor,
            $"the player to stop receiving (no new frame for {StalledFor.TotalSeconds} s, or its connection ending) after the WHIP DELETE",
            player.DescribeAsync);

        output.WriteLine($"Player after its own Stop: {await player.StopAsync()}");
        await Eventually.Until(
            async () => (await bridge.GetStatsAsync()) is { Sessions: 0, Publishers: 0, Subscribers: 0 },
            Eventually.Patience, "/api/stats to count 0 sessions, publishers and subscribers after both DELETEs",
            bridge.DescribeStatsAsync);
        await Eventually.Until(
            async () => (await bridge.GetStatsAsync()).BufferBytesInUse == 0,
            Eventually.Patience, "/api/stats bufferBytesInUse to return to 0 once no session is left",
            bridge.DescribeStatsAsync);

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    /// <summary>
    /// Tells when a receiver has stopped getting video: its decoded-frame count stood still for a quiet period, or its
    /// connection ended. The quiet period is a lower bound (how long nothing must happen), never a limit on how fast.
    /// </summary>
    private sealed class StallDetector
    {
        private static readonly string[] EndedStates = ["closed", "failed", "disconnected"];
        private readonly Stopwatch _sinceLastFrame = Stopwatch.StartNew();
        private long _lastFrames = -1;

        public bool HasStalledFor(InboundMedia media, TimeSpan quiet)
        {
            if (EndedStates.Contains(media.ConnectionState))
            {
                return true;
            }
            if (media.VideoFramesDecoded != _lastFrames)
            {
                _lastFrames = media.VideoFramesDecoded;
                _sinceLastFrame.Restart();
                return false;
            }
            return _sinceLastFrame.Elapsed >= quiet;
        }
    }
}
