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
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class RoomPageRoutingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{

    [Fact]
    public async Task Opening_any_bridges_page_puts_the_person_on_the_bridge_it_measured_a_round_trip_to()
    {
        await using var mesh = await TestMesh.StartAsync(TimeSpan.FromSeconds(30));
        var near = mesh["us-east"];
        await using var browser = await chromium.NewPageAsync(mesh["eu-central"].BaseAddress);

        // Every bridge but us-east is out of the page's reach: its pings fail, as on a path that drops them, so the page
        // measures one round trip and the route must prefer the bridge with a measured round trip over those without.
        // (Which of several measured bridges wins is the selector's rule, checked in Geo BridgeSelectorTests; a delay
        // injected here would make the browser's timing decide.)
        await browser.Context.RouteAsync("**/api/ping", async route =>
        {
            if (route.Request.Url.StartsWith(near.BaseAddress.AbsoluteUri, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.AbortAsync("addressunreachable");
            }
        });
        var routeQueries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        browser.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/route?", StringComparison.Ordinal))
            {
                routeQueries.Enqueue(Uri.UnescapeDataString(new Uri(request.Url).Query));
            }
        };
        await browser.Page.GotoAsync("/?room=routed-room&name=Ann&autojoin=1");

        await Eventually.Until(
            async () => browser.Page.Url.StartsWith(near.BaseAddress.AbsoluteUri, StringComparison.Ordinal)
                && await SafeEvaluateAsync(browser, "window.room?.participantId ?? ''") is { Length: > 0 },
            Eventually.Patience, "Ann's page to move to us-east and join there",
            async () => $"url {browser.Page.Url}, status '{await SafeTextAsync(browser, "#status")}', console:{Environment.NewLine}{browser.ConsoleText}");

        var asked = Assert.Single(routeQueries);
        Assert.Matches(@"[?&]rtt=us-east:\d+(\.\d)?(&|$)", asked); // one measured bridge, and only that one
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
            Eventually.Patience, "the page to say which bridge it is on",
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
