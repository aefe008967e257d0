using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.Mesh;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// The room page routes before joining: it probes every bridge's <c>/api/ping</c>, asks <c>/api/route</c> with the
/// round-trip times, and moves to the chosen bridge with the same room and name, then says where it is.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RoomPageRoutingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Simulated extra network delay on the way to the bridges that should lose the RTT comparison.</summary>
    private static readonly TimeSpan FarAway = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Opening_any_bridges_page_puts_the_person_on_the_bridge_with_the_shortest_round_trip()
    {
        await using var mesh = await TestMesh.StartAsync(TimeSpan.FromSeconds(30));
        var near = mesh["us-east"];
        await using var browser = await chromium.NewPageAsync(mesh["eu-central"].BaseAddress);

        // Every bridge but us-east is "far": its pings are held back, as a long path would.
        await browser.Context.RouteAsync("**/api/ping", async route =>
        {
            if (!route.Request.Url.StartsWith(near.BaseAddress.AbsoluteUri, StringComparison.Ordinal))
            {
                await Task.Delay(FarAway);
            }

            await route.ContinueAsync();
        });
        await browser.Page.GotoAsync("/?room=routed-room&name=Ann&autojoin=1");

        await Eventually.Until(
            async () => browser.Page.Url.StartsWith(near.BaseAddress.AbsoluteUri, StringComparison.Ordinal)
                && await SafeEvaluateAsync(browser, "window.room?.participantId ?? ''") is { Length: > 0 },
            Deadline, "Ann's page to move to us-east and join there",
            async () => $"url {browser.Page.Url}, status '{await SafeTextAsync(browser, "#status")}', console:{Environment.NewLine}{browser.ConsoleText}");

        var shown = await SafeTextAsync(browser, "#route");
        Assert.StartsWith("You are on us-east (us-east): chosen by eu-central", shown);
        Assert.Contains("room=routed-room", browser.Page.Url);
        Assert.Contains("name=Ann", browser.Page.Url);
        Assert.Contains(near.Services.GetRequiredService<ConferenceRegistry>().Find("routed-room")?.Endpoints ?? [], e => e.IsLocal);
        Assert.Null(mesh["eu-central"].Services.GetRequiredService<ConferenceRegistry>().Find("routed-room")?.Endpoints.FirstOrDefault(e => e.IsLocal));
        Assert.Equal("https://db-ip.com", await browser.Page.GetAttributeAsync("#geo-credit a", "href"));
        Assert.Contains("IP Geolocation by DB-IP", await SafeTextAsync(browser, "#geo-credit"));
    }

    [Fact]
    public async Task On_a_lone_bridge_the_page_stays_and_says_so()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var browser = await chromium.NewPageAsync(bridge.BaseAddress);
        await browser.Context.AddInitScriptAsync(FakeRoomBridge.InitScript);
        var pings = 0;
        browser.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/ping", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref pings);
            }
        };
        await browser.Page.GotoAsync("/?room=fake&name=Alice&autojoin=1");

        await Eventually.Until(async () => (await SafeTextAsync(browser, "#route")).StartsWith("You are on ", StringComparison.Ordinal),
            Deadline, "the page to say which bridge it is on",
            async () => $"status '{await SafeTextAsync(browser, "#status")}', console:{Environment.NewLine}{browser.ConsoleText}");
        Assert.Contains("is the least loaded", await SafeTextAsync(browser, "#route")); // loopback: no location, one bridge
        Assert.StartsWith(bridge.BaseAddress.AbsoluteUri, browser.Page.Url);
        Assert.Equal(0, pings); // one bridge: nothing to compare, no probing delay
    }

    private static async Task<string> SafeEvaluateAsync(BrowserPage browser, string script)
    {
        try
        {
            return await browser.EvaluateAsync<string>(script);
        }
        catch (PlaywrightException)
        {
            return ""; // The page is navigating to the chosen bridge.
        }
    }

    private static async Task<string> SafeTextAsync(BrowserPage browser, string selector)
    {
        try
        {
            return await browser.Page.TextContentAsync(selector, new PageTextContentOptions { Timeout = 2000 }) ?? "";
        }
        catch (PlaywrightException)
        {
            return "";
        }
    }
}
