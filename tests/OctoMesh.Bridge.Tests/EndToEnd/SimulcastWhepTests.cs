using System.Diagnostics;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12: Chromium publishes three layers over WHIP (VP8 and H.264 simulcast, q/h/f at 1/4, 1/2 and full
/// 1280×720; VP9 as one L3T3 SVC stream); a WHEP viewer on a fat link gets the top one, a layer request brings it to
/// the lowest, DELETE brings it back, and the picture never freezes across a switch. A temporal layer cap lowers
/// the frame rate.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class SimulcastWhepTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int LowestLayerMaxWidth = 400;
    private const int TopLayerMinWidth = 960;
    private static readonly TimeSpan LongestAllowedFreeze = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FrameRateWindow = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("VP8")]
    [InlineData("VP9")] // one SVC stream, L3T3_KEY: the spatial layers are inside it
    [InlineData("H264")]
    public async Task A_viewer_gets_the_top_layer_can_pin_the_lowest_and_go_back_without_a_freeze(string codec)
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("simulcast", codec);
        await player.PlayAsync("simulcast");

        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, $"the viewer to decode the top layer (at least {TopLayerMinWidth} px wide)");
        output.WriteLine(await publisher.PublisherOutboundAsync());
        // Chromium negotiated transport-cc and its feedback drives the estimator (the top layer can come before the first
        // feedback, while the layers' measured bitrates are still small, so the feedback is waited for).
        var viewer = await Eventually.Until(() => ViewerBandwidthAsync(bridge), stats => stats.Feedbacks > 0, Eventually.Patience,
            "the viewer's transport-cc feedback to reach the estimator");
        output.WriteLine(viewer.ToString());
        Assert.Equal("transport-cc", viewer.Mode);
        Assert.True(viewer.EstimateBitrate > viewer.DesiredBitrate / 2, $"The estimate stayed far below what the viewer uses: {viewer}");
        await AssertLayerSizesAsync(bridge, codec);
        // Chromium's receiver reports echo the sender reports the bridge forwarded: the round trip is measured.
        var measured = await Eventually.Until(() => ViewerBandwidthAsync(bridge), stats => stats.RoundTripSamples > 0, Eventually.Patience,
            "the viewer's receiver reports to measure the round trip");
        Assert.InRange(measured.RoundTripMilliseconds ?? -1, 1, 1000);
        var freezes = FreezeWatch.Start(player);

        object lowest = codec == "VP9" ? new { spatialLayerId = 0 } : new { encodingId = "q" };
        Assert.Equal(204, await player.SelectLayerAsync(lowest));
        var down = await player.WaitForDecodedWidthAsync(width => width is > 0 and <= LowestLayerMaxWidth,
            $"the viewer to decode the lowest layer (at most {LowestLayerMaxWidth} px wide) after asking for it");

        Assert.Equal(204, await player.SelectLayerAsync(null));
        var up = await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer again after DELETE");

        var longest = await freezes.StopAsync();
        output.WriteLine((await bridge.GetStatsAsync()).ToString());
        output.WriteLine($"{codec}: down in {down.TotalSeconds:0.00} s, up in {up.TotalSeconds:0.00} s, longest gap between decoded frames {longest.TotalMilliseconds:0} ms");
        Assert.True(longest <= LongestAllowedFreeze,
            $"framesDecoded stood still for {longest.TotalMilliseconds:0} ms across the switches (allowed {LongestAllowedFreeze.TotalMilliseconds:0} ms)");

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    /// <summary>
    /// Temporal layers: Chromium's VP8 simulcast streams and its VP9 SVC stream carry three (TL0 a quarter of the
    /// frames). Capping the viewer at TL0 lowers the frame rate it decodes, and DELETE restores it, without a freeze.
    /// </summary>
    [Theory]
    [InlineData("VP8")]
    [InlineData("VP9")]
    public async Task A_temporal_layer_cap_lowers_the_frame_rate_and_delete_restores_it(string codec)
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("temporal", codec);
        await player.PlayAsync("temporal");
        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer");
        var full = await player.PlayerFramesPerSecondAsync(FrameRateWindow);

        Assert.Equal(204, await player.SelectLayerAsync(new { maxTemporalLayerId = 0 }));
        await Eventually.Until(async () => (await bridge.GetStatsAsync()).VideoSources is [{ Viewers: [{ TemporalLayer: 0 }] }],
            Eventually.Patience, "the bridge to forward the base temporal layer alone", player.DescribeAsync);
        var freezes = FreezeWatch.Start(player);
        var capped = await player.PlayerFramesPerSecondAsync(FrameRateWindow);

        Assert.Equal(204, await player.SelectLayerAsync(null));
        await Eventually.Until(async () => (await bridge.GetStatsAsync()).VideoSources is [{ Viewers: [{ TemporalLayer: > 1 }] }],
            Eventually.Patience, "the bridge to forward every temporal layer again", player.DescribeAsync);
        var restored = await player.PlayerFramesPerSecondAsync(FrameRateWindow);
        var longest = await freezes.StopAsync();

        output.WriteLine($"{codec}: {full:0.0} frames/s, capped at TL0 {capped:0.0}, restored {restored:0.0}; longest gap {longest.TotalMilliseconds:0} ms");
        output.WriteLine((await bridge.GetStatsAsync()).ToString());
        Assert.True(capped < full * 0.6, $"Capped at TL0 the viewer still decoded {capped:0.0} frames/s of {full:0.0}.");
        Assert.True(restored > full * 0.75, $"After DELETE the viewer decoded {restored:0.0} frames/s of {full:0.0}.");
        // TL0 is a quarter of the frames: a gap of four frame times is the cap itself, not a freeze.
        Assert.True(longest <= LongestAllowedFreeze + TimeSpan.FromSeconds(4 / full),
            $"framesDecoded stood still for {longest.TotalMilliseconds:0} ms");

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    /// <summary>The bridge knows each layer's picture size (VP8 keyframes, the H.264 SPS, the VP9 scalability structure).</summary>
    private static async Task AssertLayerSizesAsync(BridgeServer bridge, string codec)
    {
        int[] expected = [320, 640, 1280];
        var stats = await Eventually.Until(bridge.GetStatsAsync, stats => LayerWidths(stats, codec).SequenceEqual(expected), Eventually.Patience,
            $"the bridge to know the {codec} layers' widths ({string.Join(", ", expected)})");
        Assert.Equal(expected, LayerWidths(stats, codec));
    }

    private static IEnumerable<int> LayerWidths(BridgeStats stats, string codec) => stats.VideoSources is [var source]
        ? codec == "VP9"
            ? source.Layers.SelectMany(l => l.SubLayers ?? []).Where(l => l.TemporalLayer == 0).Select(l => l.Width)
            : source.Layers.Select(l => l.Width).Order()
        : [];

    [Fact]
    public async Task A_layer_request_naming_a_layer_that_does_not_exist_is_refused_and_changes_nothing()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("simulcast-bad");
        await player.PlayAsync("simulcast-bad");
        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer");

        Assert.Equal(400, await player.SelectLayerAsync(new { encodingId = "x" }));
        Assert.Equal(400, await player.SelectLayerAsync(new { spatialLayerId = 7 }));
        var framesBefore = (await player.PlayerInboundAsync()).VideoFramesDecoded;
        await Eventually.Until(
            async () => (await player.PlayerInboundAsync()) is { } media && media.VideoFramesDecoded > framesBefore + 30 && media.FrameWidth >= TopLayerMinWidth,
            Eventually.Patience, "the viewer to keep decoding the top layer after the refused requests", player.DescribeAsync);

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    private static async Task<ViewerBandwidthStats> ViewerBandwidthAsync(BridgeServer bridge) =>
        Assert.Single((await bridge.GetStatsAsync()).Viewers ?? []);


    /// <summary>Polls framesDecoded and keeps the longest time it stood still.</summary>
    private sealed class FreezeWatch
    {
        private readonly CancellationTokenSource _stop = new();
        private Task<TimeSpan> _watching = Task.FromResult(TimeSpan.Zero);

        public static FreezeWatch Start(WhipWhepPage player)
        {
            var watch = new FreezeWatch();
            watch._watching = watch.WatchAsync(player);
            return watch;
        }

        public async Task<TimeSpan> StopAsync()
        {
            await _stop.CancelAsync();
            return await _watching;
        }

        private async Task<TimeSpan> WatchAsync(WhipWhepPage player)
        {
            var longest = TimeSpan.Zero;
            var sinceFrame = Stopwatch.StartNew();
            long frames = -1;
            while (!_stop.IsCancellationRequested)
            {
                var decoded = (await player.PlayerInboundAsync()).VideoFramesDecoded;
                if (decoded != frames)
                {
                    frames = decoded;
                    sinceFrame.Restart();
                }
                else if (sinceFrame.Elapsed > longest)
                {
                    longest = sinceFrame.Elapsed;
                }

                await Task.Delay(50).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return longest;
        }
    }
}
