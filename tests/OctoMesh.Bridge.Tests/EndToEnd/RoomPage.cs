using Xunit.Sdk;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// One participant on the room page (<c>/?room=…&amp;name=…&amp;autojoin=1</c>), read through the
/// page's tiles and its <c>window.room</c> test hooks.
/// </summary>
public sealed class RoomPage(BrowserPage browser, string name, string participantId)
{
    private static readonly string[] FailureStatusPrefixes = ["Error", "Could not join", "Disconnected", "Bridge error"];

    public string Name => name;

    public string ParticipantId => participantId;

    public BrowserPage Browser => browser;

    /// <summary>
    /// Opens the room page with autojoin and waits for the bridge's <c>joined</c>. The page publishes simulcast by
    /// default; tests about other things ask for one layer (<c>simulcast=0</c>), which three or four pages encode on
    /// two cores without starving each other.
    /// </summary>
    /// <param name="initScript">Script run in the page before its own (a synthetic microphone, say).</param>
    public static async Task<RoomPage> JoinAsync(ChromiumFixture chromium, BridgeServer bridge, string room, string name, bool simulcast = false,
        string? initScript = null)
    {
        var browser = await chromium.NewPageAsync(bridge.BaseAddress);
        if (initScript is not null)
        {
            await browser.Page.AddInitScriptAsync(initScript);
        }

        // stay=1: the test places each person on a given bridge; geo-routing is tested on its own.
        var query = $"room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&autojoin=1&stay=1{(simulcast ? "" : "&simulcast=0")}";
        await browser.Page.GotoAsync($"/?{query}");

        string? participantId = null;
        await Eventually.Until(
            async () =>
            {
                var status = await StatusAsync(browser);
                if (FailureStatusPrefixes.Any(status.StartsWith))
                {
                    throw new XunitException(
                        $"{name} could not join room '{room}': the page shows '{status}'.{Environment.NewLine}" +
                        $"bridge log:{Environment.NewLine}{bridge.Log}{Environment.NewLine}console:{Environment.NewLine}{browser.ConsoleText}");
                }
                participantId = await browser.EvaluateAsync<string?>("window.room.participantId");
                return participantId is not null;
            },
            Eventually.Patience,
            $"{name} to receive 'joined' from /ws/{room}",
            async () => $"status '{await StatusAsync(browser)}', console:{Environment.NewLine}{browser.ConsoleText}");
        return new RoomPage(browser, name, participantId!);
    }

    /// <summary>framesDecoded of the video this page receives from <paramref name="publisher"/>.</summary>
    public Task<long> FramesDecodedFromAsync(RoomPage publisher) =>
        browser.EvaluateAsync<long>("(id) => window.room.framesDecodedFrom(id)", publisher.ParticipantId);

    /// <summary>
    /// Milliseconds from <c>joined</c> to the first video frame this page showed in <paramref name="publisher"/>'s
    /// tile (null before), by the page's clock: the frame's presentation time from requestVideoFrameCallback.
    /// </summary>
    public Task<double?> FirstFrameAfterJoinedAsync(RoomPage publisher) =>
        browser.EvaluateAsync<double?>("(id) => window.room.firstFrameAfterJoined(id)", publisher.ParticipantId);

    /// <summary>The video this page receives from <paramref name="publisher"/>: frames decoded and the last frame's width.</summary>
    public async Task<(long FramesDecoded, int FrameWidth)> VideoFromAsync(RoomPage publisher)
    {
        var video = await browser.EvaluateAsync<System.Text.Json.JsonElement>("(id) => window.room.videoFrom(id)", publisher.ParticipantId);
        return (video.GetProperty("framesDecoded").GetInt64(), video.GetProperty("frameWidth").GetInt32());
    }

    /// <summary>What the bridge last said (the <c>receiving</c> message) it forwards of <paramref name="publisher"/>'s video, as JSON.</summary>
    public async Task<string> ReceivingFromAsync(RoomPage publisher) =>
        await browser.EvaluateAsync<string>("(id) => JSON.stringify(window.room.receivingFrom(id))", publisher.ParticipantId);

    /// <summary>Draws <paramref name="publisher"/>'s video at <paramref name="width"/> × <paramref name="height"/> CSS pixels, or hides its tile (0 × 0).</summary>
    public Task ShowTileAtAsync(RoomPage publisher, int width, int height) =>
        browser.Page.EvaluateAsync("""
            ([id, width, height]) => {
              const tile = document.querySelector(`.tile[data-participant-id="${id}"]`);
              tile.style.display = width === 0 ? 'none' : '';
              const video = tile.querySelector('video');
              Object.assign(video.style, width === 0 ? {} : { width: `${width}px`, height: `${height}px`, aspectRatio: 'auto' });
            }
            """, new object[] { publisher.ParticipantId, width, height });

    /// <summary>The text of the status line's downlink part and of <paramref name="publisher"/>'s tile statistics.</summary>
    public async Task<(string Downlink, string TileStats)> ShownLayerAsync(RoomPage publisher) =>
        (await browser.Page.TextContentAsync("#downlink") ?? "",
         await browser.Page.TextContentAsync($".tile[data-participant-id=\"{publisher.ParticipantId}\"] .stats") ?? "");

    /// <summary>Participant ids of the tiles shown, this page's own first.</summary>
    public async Task<IReadOnlyList<string>> TilesAsync() =>
        await browser.EvaluateAsync<string[]>("window.room.tiles()");

    /// <summary>
    /// Waits until this page has shown a video frame from each of <paramref name="publishers"/> and returns, per
    /// publisher name, the milliseconds from <c>joined</c> to that first frame by the page's clock.
    /// </summary>
    public async Task<Dictionary<string, double>> WaitForFirstFramesAsync(
        IReadOnlyCollection<RoomPage> publishers, TimeSpan deadline, string what, Func<Task<string>> describe)
    {
        var firstFrameAfterJoined = new Dictionary<string, double>();
        await Eventually.Until(
            async () =>
            {
                foreach (var publisher in publishers.Where(p => !firstFrameAfterJoined.ContainsKey(p.Name)))
                {
                    if (await FirstFrameAfterJoinedAsync(publisher) is { } afterJoined)
                    {
                        firstFrameAfterJoined[publisher.Name] = afterJoined;
                    }
                }

                return firstFrameAfterJoined.Count == publishers.Count;
            },
            deadline,
            what,
            describe);
        return firstFrameAfterJoined;
    }

    public Task<string> StatusAsync() => StatusAsync(browser);

    /// <summary>Milliseconds from <c>joined</c> to each step the page has reached (offer, answer, connection states).</summary>
    public async Task<string> MilestonesAsync()
    {
        var json = await browser.EvaluateAsync<string>("JSON.stringify(window.room.milestones())");
        var milestones = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];
        return string.Join(", ", milestones.OrderBy(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value:0} ms"));
    }

    public async Task<string> DescribeAsync() =>
        $"{name} ({participantId}): status '{await StatusAsync()}', tiles [{string.Join(", ", await TilesAsync())}]";

    /// <summary>Closes the tab without pressing Leave, as a user closing the window does.</summary>
    public Task CloseAsync() => browser.CloseAsync();

    public override string ToString() => $"{name} ({participantId})";

    private static async Task<string> StatusAsync(BrowserPage browser) =>
        await browser.Page.TextContentAsync("#status") ?? "";
}
