using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.Interop;

/// <summary>
/// Any standards-compliant WHIP/WHEP client works, not only our pages: Debian's python3-aiortc,
/// a WebRTC implementation independent of the bridge and of Chromium, publishes to a room that
/// Chromium plays, and plays a room that Chromium publishes to. The scripts are
/// <c>tests/interop/aiortc_whip_publish.py</c> and <c>aiortc_whep_play.py</c>.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class AiortcInteropTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int FramesToDecode = 30;
    private const int MinimumFrameWidth = 320;

    /// <summary>The longest a script publishes or plays; the tests normally end it much sooner.</summary>
    private const int ScriptSeconds = 30;


    [Fact]
    public async Task Aiortc_publishes_with_WHIP_and_Chromium_plays_it_with_WHEP()
    {
        await AiortcScript.RequireAiortcAsync();
        await using var bridge = await BridgeServer.StartAsync();
        const string Room = "aiortc-publishes";
        await using var publisher = AiortcScript.Start(
            "aiortc_whip_publish.py", WhipUrl(bridge, Room), "--seconds", $"{ScriptSeconds}", "--stop-on-stdin");

        await publisher.WaitForEventAsync("connected", Eventually.Patience, () => DescribeBridgeAsync(bridge));
        var player = await WhipWhepPage.OpenAsync(chromium, bridge);
        await player.PlayAsync(Room);

        var elapsed = await Eventually.Until(
            async () =>
            {
                var media = await player.PlayerInboundAsync();
                return media.VideoFramesDecoded >= FramesToDecode
                    && media.FrameWidth >= MinimumFrameWidth
                    && (media.AudioPacketsReceived > 0 || media.AudioSamplesReceived > 0);
            },
            Eventually.Patience,
            $"Chromium's WHEP player to decode {FramesToDecode} frames at least {MinimumFrameWidth} px wide from aiortc, and receive its audio",
            async () => $"{await player.DescribeAsync()}{Environment.NewLine}{publisher.Transcript}");
        output.WriteLine($"Chromium decoded aiortc's video {elapsed.TotalSeconds:0.0} s after Play was answered: {await player.PlayerInboundAsync()}");

        await publisher.SendLineAsync("stop");
        var done = await publisher.WaitForEventAsync("done", Eventually.Patience, () => DescribeBridgeAsync(bridge));
        await publisher.WaitForSuccessAsync(Eventually.Patience);
        output.WriteLine($"aiortc publisher: {done}");
        Assert.Equal(200, done.Number("deleteStatus"));
        await Eventually.Until(
            async () => (await bridge.GetStatsAsync()).Publishers == 0,
            Eventually.Patience, "/api/stats to count 0 publishers after aiortc's DELETE", bridge.DescribeStatsAsync);
        await player.Browser.CloseAsync();
    }

    [Fact]
    public async Task Chromium_publishes_with_WHIP_and_aiortc_plays_it_with_WHEP()
    {
        await AiortcScript.RequireAiortcAsync();
        await using var bridge = await BridgeServer.StartAsync();
        const string Room = "aiortc-plays";
        var publisher = await WhipWhepPage.OpenAsync(chromium, bridge);
        await publisher.PublishAsync(Room);

        await using var player = AiortcScript.Start(
            "aiortc_whep_play.py", WhepUrl(bridge, Room), "--frames", $"{FramesToDecode}", "--seconds", $"{ScriptSeconds}");
        await player.WaitForEventAsync("connected", Eventually.Patience, () => DescribeBridgeAsync(bridge));
        var done = await player.WaitForEventAsync("done", Eventually.Patience, () => DescribeBridgeAsync(bridge));
        await player.WaitForSuccessAsync(Eventually.Patience);
        output.WriteLine($"aiortc player: {done}");

        var failure = $"aiortc's WHEP player reported {done}{Environment.NewLine}{player.Transcript}" +
                      $"{Environment.NewLine}{await DescribeBridgeAsync(bridge)}";
        Assert.True(done.Number("videoFrames") >= FramesToDecode, $"Fewer than {FramesToDecode} video frames decoded. {failure}");
        Assert.True(done.Number("width") >= MinimumFrameWidth, $"Frames narrower than {MinimumFrameWidth} px. {failure}");
        Assert.True(done.Number("audioFrames") > 0, $"No audio frame decoded. {failure}");
        Assert.Equal(200, done.Number("deleteStatus"));
        await Eventually.Until(
            async () => (await bridge.GetStatsAsync()).Subscribers == 0,
            Eventually.Patience, "/api/stats to count 0 subscribers after aiortc's DELETE", bridge.DescribeStatsAsync);
        await publisher.Browser.CloseAsync();
    }

    private static string WhipUrl(BridgeServer bridge, string room) => new Uri(bridge.BaseAddress, $"whip/{room}").ToString();

    private static string WhepUrl(BridgeServer bridge, string room) => new Uri(bridge.BaseAddress, $"whep/{room}").ToString();

    private static async Task<string> DescribeBridgeAsync(BridgeServer bridge) =>
        $"bridge stats {await bridge.DescribeStatsAsync()}{Environment.NewLine}bridge log:{Environment.NewLine}{bridge.Log}";
}
