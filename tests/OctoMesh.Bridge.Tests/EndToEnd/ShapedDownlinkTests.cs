using Microsoft.Extensions.DependencyInjection;
using OctoMesh.Media.Transport;
using OctoMesh.Testing.Browser;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12: a WHEP viewer whose downlink is capped at 300 kbit/s (tc on what leaves the bridge's media port) moves
/// to the lowest layer of a three-layer Chromium publisher (VP8 or H.264 simulcast, VP9 SVC) on its bandwidth estimate and keeps decoding; with the cap
/// lifted, it returns to the top layer. The times are printed (docs/bandwidth.md); the test asserts that both happen.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class ShapedDownlinkTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const long Cap = 300_000;
    private const int LowestLayerMaxWidth = 400;
    private const int TopLayerMinWidth = 960;
    private const int SettlingFrames = 30;
    private const int FramesToCount = 90;
    private const double FrameRateShare = 0.8;

    [Theory]
    [InlineData("VP8")]
    [InlineData("VP9")] // one L3T3_KEY SVC stream: the lowest layer is its base spatial layer
    [InlineData("H264")]
    public async Task Capped_at_300_kbit_the_viewer_moves_to_the_lowest_layer_keeps_decoding_and_returns_when_the_cap_lifts(string codec)
    {
        await using var bridge = await BridgeServer.StartAsync();
        var mediaPort = bridge.Services.GetRequiredService<MediaServer>().LocalPort;
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync("shaped", codec);
        await player.PlayAsync("shaped");
        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer before the cap");

        TimeSpan down;
        double framesPerSecond;
        double publisherFramesPerSecond;
        await using (await LoopbackPortShaper.StartAsync(mediaPort, Cap))
        {
            down = await player.WaitForDecodedWidthAsync(width => width is > 0 and <= LowestLayerMaxWidth,
                $"the viewer to move to the lowest layer (at most {LowestLayerMaxWidth} px) with its downlink capped at {Cap / 1000} kbit/s");

            // Still decoding on the lowest layer, at the publisher's frame rate.
            (framesPerSecond, publisherFramesPerSecond) = await player.LowestLayerFrameRatesAsync(publisher, LowestLayerMaxWidth, SettlingFrames, FramesToCount);
            output.WriteLine((await bridge.GetStatsAsync()).ToString());
        }

        var up = await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to return to the top layer after the cap lifted");
        output.WriteLine($"{codec} capped at {Cap / 1000} kbit/s: down in {down.TotalSeconds:0.0} s, then {framesPerSecond:0.0} frames/s "
            + $"(the publisher encoded its lowest layer at {publisherFramesPerSecond:0.0}); cap lifted: up in {up.TotalSeconds:0.0} s");
        // At the publisher's frame rate (whatever its encoder manages on this machine), give or take a fifth.
        Assert.True(framesPerSecond >= publisherFramesPerSecond * FrameRateShare,
            $"The capped viewer decoded {framesPerSecond:0.0} frames/s on the lowest layer; the publisher encoded it at {publisherFramesPerSecond:0.0}.");

        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }
}
