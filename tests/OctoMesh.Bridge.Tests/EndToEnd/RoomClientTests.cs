using System.Text.Json;
using System.Text.RegularExpressions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// The room page against <see cref="FakeRoomBridge"/>: what room.js does with each message of
/// the protocol, with real WebRTC media, independently of the bridge's media server.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed partial class RoomClientTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{

    [Fact]
    public async Task The_room_page_follows_the_protocol_and_shows_what_it_receives()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var browser = await chromium.NewPageAsync(bridge.BaseAddress);
        await browser.Context.AddInitScriptAsync(FakeRoomBridge.InitScript);
        await browser.Page.GotoAsync("/?room=fake&name=Alice&autojoin=1");
        var page = browser.Page;
        Task<string> Describe() => DescribeAsync(browser);

        // join -> joined: our tile first, then Bob's, with his camera-off badge.
        await Eventually.Until(async () => (await TilesAsync(browser)).SequenceEqual([FakeRoomBridge.SelfId, FakeRoomBridge.BobId]),
            Eventually.Patience, "tiles for Alice (self) and Bob after 'joined'", Describe);
        Assert.Equal("Bob", await page.TextContentAsync($"[data-participant-id='{FakeRoomBridge.BobId}'] .name"));
        Assert.Equal("camera off", await page.TextContentAsync($"[data-participant-id='{FakeRoomBridge.BobId}'] .badges"));
        var sent = await ReceivedAsync(browser);
        Assert.Equal("join", sent[0].GetProperty("type").GetString());
        Assert.Equal("Alice", sent[0].GetProperty("name").GetString());
        var publish = sent.Single(m => m.GetProperty("type").GetString() == "publish").GetProperty("sdp").GetString()!;
        Assert.Equal(2, SendOnlyLine().Matches(publish).Count);

        // offer -> answer; Bob's tracks land in Bob's tile (msid stream id) and get decoded.
        await Eventually.Until(
            async () => await browser.EvaluateAsync<long>($"window.room.framesDecodedFrom('{FakeRoomBridge.BobId}')") > 10,
            Eventually.Patience, "Alice to decode 10 frames of Bob's video", Describe);
        Assert.Contains(await ReceivedAsync(browser), m => m.GetProperty("type").GetString() == "answer");
        await Eventually.Until(
            async () => await browser.EvaluateAsync<long>("""
                async () => { let frames = 0;
                  (await window.fakeBridge.publishPc.getStats()).forEach((r) => {
                    if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded ?? 0; });
                  return frames; }
                """) > 10,
            Eventually.Patience, "the fake bridge to decode 10 frames of Alice's published video", Describe);

        // Stats lines, once a second.
        await Eventually.Until(
            async () => RemoteStatsLine().IsMatch(await page.TextContentAsync($"[data-participant-id='{FakeRoomBridge.BobId}'] .stats") ?? ""),
            Eventually.Patience, "Bob's tile to show 'N kbps · 640×480 · loss N% · RTT N ms'", Describe);
        await Eventually.Until(
            async () => SelfStatsLine().IsMatch(await page.TextContentAsync($"[data-participant-id='{FakeRoomBridge.SelfId}'] .stats") ?? ""),
            Eventually.Patience, "Alice's own tile to show 'sending N kbps · W×H · N fps[ · N layers] · RTT N ms'", Describe);

        // Mute: the track is disabled, the button shows it, the bridge is told.
        await page.ClickAsync("#mute-audio");
        Assert.Equal("true", await page.GetAttributeAsync("#mute-audio", "aria-pressed"));
        Assert.False(await browser.EvaluateAsync<bool>("window.room.publishPc.getSenders().find((s) => s.track?.kind === 'audio').track.enabled"));
        Assert.Contains(await ReceivedAsync(browser), m => m.GetProperty("type").GetString() == "mute"
            && m.GetProperty("kind").GetString() == "audio" && m.GetProperty("muted").GetBoolean());

        // muteChanged, participantJoined, participantLeft.
        await Deliver(browser, new { type = "muteChanged", participantId = FakeRoomBridge.BobId, kind = "video", muted = false });
        Assert.Equal("", await page.TextContentAsync($"[data-participant-id='{FakeRoomBridge.BobId}'] .badges"));
        await Deliver(browser, new { type = "participantJoined", participant = new { id = "p-carol", name = "Carol", audioMuted = true, videoMuted = false } });
        Assert.Contains("p-carol", await TilesAsync(browser));
        Assert.Equal("mic off", await page.TextContentAsync("[data-participant-id='p-carol'] .badges"));
        await Deliver(browser, new { type = "participantLeft", participantId = FakeRoomBridge.BobId });
        Assert.Equal([FakeRoomBridge.SelfId, "p-carol"], await TilesAsync(browser));

        // Leave: the bridge is told, the grid empties.
        await page.ClickAsync("#leave");
        Assert.Equal("leave", (await ReceivedAsync(browser))[^1].GetProperty("type").GetString());
        Assert.Empty(await TilesAsync(browser));
        Assert.Equal("You left the room.", await page.TextContentAsync("#status"));
        Assert.DoesNotContain("page error", browser.ConsoleText);
    }

    private static async Task<string[]> TilesAsync(BrowserPage browser) =>
        await browser.EvaluateAsync<string[]>("window.room.tiles()");

    private static async Task<JsonElement[]> ReceivedAsync(BrowserPage browser) =>
        (await browser.EvaluateAsync<JsonElement>("window.fakeBridge.received")).EnumerateArray().ToArray();

    // Messages are handled on a promise chain; wait for the page to have processed this one.
    private static Task Deliver(BrowserPage browser, object message) =>
        browser.EvaluateAsync<bool>("async (m) => { window.fakeBridge.deliver(m); await new Promise((r) => setTimeout(r)); return true; }", message);

    private static async Task<string> DescribeAsync(BrowserPage browser) =>
        $"status '{await browser.Page.TextContentAsync("#status")}', tiles [{string.Join(", ", await TilesAsync(browser))}], " +
        $"sent {await browser.EvaluateAsync<string>("JSON.stringify(window.fakeBridge.received.map((m) => m.type))")}" +
        $"{Environment.NewLine}console:{Environment.NewLine}{browser.ConsoleText}";

    [GeneratedRegex(@"^a=sendonly\r?$", RegexOptions.Multiline)]
    private static partial Regex SendOnlyLine();

    [GeneratedRegex(@"^\d+ kbps · 640×480 · loss \d+\.\d% · RTT \d+ ms$")]
    private static partial Regex RemoteStatsLine();

    // The page publishes simulcast from a 1280×720 camera: the largest layer it sends, and how many when more than one.
    [GeneratedRegex(@"^sending \d+ kbps · \d+×\d+ · \d+ fps( · [23] layers)? · RTT \d+ ms$")]
    private static partial Regex SelfStatsLine();
}
