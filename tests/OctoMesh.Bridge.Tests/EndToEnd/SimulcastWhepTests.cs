using System.Diagnostics;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12: Chromium publishes three simulcast layers (q/h/f at 1/4, 1/2 and full 1280×720) over WHIP; a WHEP
/// viewer on a fat link gets the top one, a layer request brings it to the lowest, DELETE brings it back, and
/// the picture never freezes across a switch.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class SimulcastWhepTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int LowestLayerMaxWidth = 400;
    private const int TopLayerMinWidth = 960;
    private static readonly TimeSpan LongestAllowedFreeze = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_viewer_gets_the_top_layer_can_pin_the_lowest_and_go_back_without_a_freeze()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("simulcast");
        await player.PlayAsync("simulcast");

        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, $"the viewer to decode the top layer (at least {TopLayerMinWidth} px wide)");
        // It got there on its bandwidth estimate: Chromium negotiated transport-cc and its feedback drives the estimator.
        var viewer = await ViewerBandwidthAsync(bridge);
        output.WriteLine(viewer.ToString());
        Assert.Equal("transport-cc", viewer.Mode);
        Assert.True(viewer.Feedbacks > 0, $"No transport-cc feedback used: {viewer}");
        Assert.True(viewer.EstimateBitrate > viewer.DesiredBitrate / 2, $"The estimate stayed far below what the viewer uses: {viewer}");
        var freezes = FreezeWatch.Start(player);

        Assert.Equal(204, await player.SelectLayerAsync(new { encodingId = "q" }));
        var down = await player.WaitForDecodedWidthAsync(width => width is > 0 and <= LowestLayerMaxWidth,
            $"the viewer to decode the lowest layer (at most {LowestLayerMaxWidth} px wide) after pinning 'q'");

        Assert.Equal(204, await player.SelectLayerAsync(null));
        var up = await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer again after DELETE");

        var longest = await freezes.StopAsync();
        output.WriteLine((await ViewerBandwidthAsync(bridge)).ToString());
        output.WriteLine($"down in {down.TotalSeconds:0.00} s, up in {up.TotalSeconds:0.00} s, longest gap between decoded frames {longest.TotalMilliseconds:0} ms");
        Assert.True(longest <= LongestAllowedFreeze,
            $"framesDecoded stood still for {longest.TotalMilliseconds:0} ms across the switches (allowed {LongestAllowedFreeze.TotalMilliseconds:0} ms)");

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

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
