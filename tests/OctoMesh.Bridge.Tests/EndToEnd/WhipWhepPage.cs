using System.Text.Json;
using Xunit.Sdk;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Drives <c>/whip-whep.html</c> as a user does: type a room, press Publish, Play or Stop, read
/// the status line. Media state comes from the page's <c>window.publisherPc</c> / <c>window.playerPc</c>.
/// </summary>
public sealed class WhipWhepPage(BrowserPage browser, IDescribedBridge bridge)
{

    public BrowserPage Browser => browser;

    public static async Task<WhipWhepPage> OpenAsync(ChromiumFixture chromium, BridgeServer bridge)
    {
        var browser = await chromium.NewPageAsync(bridge.BaseAddress);
        return await OpenAsync(browser, bridge);
    }

    /// <summary>Opens the page in a browser page made elsewhere (a browser in another network namespace).</summary>
    public static async Task<WhipWhepPage> OpenAsync(BrowserPage browser, IDescribedBridge bridge)
    {
        await browser.Page.GotoAsync("/whip-whep.html");
        return new WhipWhepPage(browser, bridge);
    }

    public async Task<string> StatusAsync() => await browser.Page.TextContentAsync("#status") ?? "";

    /// <summary>Publishes camera and microphone to <paramref name="room"/> over WHIP, preferring <paramref name="codec"/> when given.</summary>
    public async Task PublishAsync(string room, string? codec = null)
    {
        await browser.Page.FillAsync("#room", room);
        await browser.Page.SelectOptionAsync("#codec", codec ?? "");
        await browser.Page.ClickAsync("#publish");
        await WaitForStatusAsync(status => status.StartsWith("publishing"), $"the WHIP publish to room '{room}' to be answered");
    }

    /// <summary>Plays <paramref name="room"/>'s newest publisher over WHEP.</summary>
    public async Task PlayAsync(string room)
    {
        await browser.Page.FillAsync("#room", room);
        await browser.Page.ClickAsync("#play");
        await WaitForStatusAsync(status => status.StartsWith("playing"), $"the WHEP play of room '{room}' to be answered");
    }

    /// <summary>Presses Stop (DELETE on every session resource) and returns the status it shows.</summary>
    public async Task<string> StopAsync()
    {
        await browser.Page.ClickAsync("#stop");
        await WaitForStatusAsync(status => status.StartsWith("stopped"), "Stop to delete the sessions");
        return await StatusAsync();
    }

    /// <summary>
    /// Sends a WHEP layer request from the page (the Link the answer carried): a JSON body to pin or cap a layer,
    /// null for DELETE (automatic again). Returns the HTTP status.
    /// </summary>
    public async Task<int> SelectLayerAsync(object? request) =>
        await browser.Page.EvaluateAsync<int>("request => window.selectLayer(request)", request);

    /// <summary>What the player PeerConnection receives.</summary>
    public async Task<InboundMedia> PlayerInboundAsync() =>
        InboundMedia.FromJson(await browser.EvaluateAsync<JsonElement>(InboundMedia.Script, "playerPc"));

    /// <summary>Wait until the player decodes frames of a width <paramref name="isWanted"/> accepts; returns how long it took.</summary>
    public async Task<TimeSpan> WaitForDecodedWidthAsync(Func<int, bool> isWanted, string what) =>
        await Eventually.Until(async () => isWanted((await PlayerInboundAsync()).FrameWidth), Eventually.Patience, what, DescribeAsync);

    /// <summary>Frames the player decoded per second over <paramref name="window"/>.</summary>
    public async Task<double> PlayerFramesPerSecondAsync(TimeSpan window)
    {
        var before = (await PlayerInboundAsync()).VideoFramesDecoded;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window);
        return ((await PlayerInboundAsync()).VideoFramesDecoded - before) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The frame rate the player decodes while it stays on a picture at most <paramref name="maxWidth"/> wide, beside
    /// the rate <paramref name="publisher"/> encodes its lowest layer at over the same time: counted over
    /// <paramref name="frames"/> frames, from <paramref name="settlingFrames"/> frames on (the first frames after a
    /// switch can wait on repairs of what a congested queue dropped).
    /// </summary>
    public async Task<(double Player, double Publisher)> LowestLayerFrameRatesAsync(WhipWhepPage publisher, int maxWidth, int settlingFrames, int frames)
    {
        var switched = (await PlayerInboundAsync()).VideoFramesDecoded;
        await Eventually.Until(async () => (await PlayerInboundAsync()).VideoFramesDecoded >= switched + settlingFrames,
            Eventually.Patience, $"the player to decode {settlingFrames} frames on the lowest layer", DescribeAsync);
        var start = (await PlayerInboundAsync()).VideoFramesDecoded;
        var encodedAtStart = await publisher.PublisherLowestLayerFramesEncodedAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Until(async () => (await PlayerInboundAsync()) is var media && media.FrameWidth <= maxWidth && media.VideoFramesDecoded >= start + frames,
            Eventually.Patience, $"the player to decode {frames} more frames on the lowest layer", DescribeAsync);
        var elapsed = clock.Elapsed.TotalSeconds;
        return (frames / elapsed, (await publisher.PublisherLowestLayerFramesEncodedAsync() - encodedAtStart) / elapsed);
    }

    /// <summary>
    /// Pictures the publisher encoded so far in its lowest simulcast layer (the narrowest outbound video stream), or in
    /// its one SVC stream.
    /// </summary>
    public async Task<long> PublisherLowestLayerFramesEncodedAsync() =>
        await browser.Page.EvaluateAsync<long>("""
            async () => {
              const stats = await window.publisherPc.getStats();
              let lowest = null;
              stats.forEach(s => {
                if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth && (!lowest || s.frameWidth < lowest.frameWidth)) lowest = s;
              });
              if (!lowest) return 0;
              // An SVC stream (scalabilityMode L3T3_KEY) counts each spatial layer's frame: pictures are a third of that.
              const spatialLayers = Number((/^L(\d)/.exec(lowest.scalabilityMode || '') || [0, 1])[1]);
              return Math.round(lowest.framesEncoded / spatialLayers);
            }
            """);

    /// <summary>The publisher's outbound video streams as JSON (codec, scalability mode, size, encoder), for reports.</summary>
    public async Task<string> PublisherOutboundAsync() =>
        await browser.Page.EvaluateAsync<string>("""
            async () => {
              const stats = await window.publisherPc.getStats();
              const codecs = {};
              stats.forEach(s => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
              const out = [];
              stats.forEach(s => {
                if (s.type === 'outbound-rtp' && s.kind === 'video') out.push({ rid: s.rid, codec: codecs[s.codecId], mode: s.scalabilityMode,
                  width: s.frameWidth, height: s.frameHeight, fps: s.framesPerSecond, encoder: s.encoderImplementation, bytes: s.bytesSent });
              });
              return JSON.stringify(out);
            }
            """);

    /// <summary>Status, player stats, console and bridge log: what to print when a wait times out.</summary>
    public async Task<string> DescribeAsync()
    {
        var media = await PlayerInboundAsync();
        return $"page status '{await StatusAsync()}', player {media}{Environment.NewLine}" +
               $"bridge stats {await bridge.DescribeStatsAsync()}{Environment.NewLine}" +
               $"bridge log:{Environment.NewLine}{bridge.LogText}{Environment.NewLine}" +
               $"page console:{Environment.NewLine}{browser.ConsoleText}";
    }

    private Task WaitForStatusAsync(Func<string, bool> done, string what) =>
        Eventually.Until(
            async () =>
            {
                var status = await StatusAsync();
                if (status.StartsWith("error"))
                {
                    throw new XunitException(
                        $"Waiting for {what}, the page shows '{status}'.{Environment.NewLine}" +
                        $"bridge log:{Environment.NewLine}{bridge.LogText}");
                }
                return done(status);
            },
            Eventually.Patience, what, DescribeAsync);
}
