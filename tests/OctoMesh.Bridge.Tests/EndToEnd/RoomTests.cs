using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// The room page (<c>/</c>): participants see and hear each other through the bridge, latecomers
/// get everyone's video quickly, and people who close the tab disappear.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class RoomTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string Room = "room-of-three";
    /// <summary>A generous deadline: the tests assert that a latecomer sees everyone and a leaver goes, not how fast (printed only).</summary>
    private static readonly TimeSpan LeaveDeadline = Eventually.Patience;

    [Fact]
    public async Task Three_see_each_other_a_fourth_catches_up_with_everyone_and_a_leaver_disappears()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var alice = await RoomPage.JoinAsync(chromium, bridge, Room, "Alice");
        var bob = await RoomPage.JoinAsync(chromium, bridge, Room, "Bob");
        var carol = await RoomPage.JoinAsync(chromium, bridge, Room, "Carol");
        RoomPage[] three = [alice, bob, carol];

        // Everyone decodes video from both others, and keeps decoding.
        var firstFrames = await WaitForFramesAsync(bridge, three, three, previous: null, Eventually.Patience, "each of Alice, Bob and Carol to decode video from both others");
        await WaitForFramesAsync(bridge, three, three, firstFrames, Eventually.Patience, "each of Alice, Bob and Carol to keep decoding (framesDecoded growing) from both others");

        // A latecomer: a first frame from each of the three on his screen (how long after `joined`, by his page's clock,
        // is printed for docs/performance.md, never asserted).
        var dave = await RoomPage.JoinAsync(chromium, bridge, Room, "Dave");
        var firstFrameAfterJoined = await dave.WaitForFirstFramesAsync(
            three, Eventually.Patience, "Dave, who joined last, to show a frame from each of the three", () => DescribeAsync([.. three, dave], bridge));
        var sinceJoined = TimeSpan.FromMilliseconds(firstFrameAfterJoined.Values.Max());
        output.WriteLine(
            $"Dave's page showed a first frame from each of the three {sinceJoined.TotalMilliseconds:0} ms after 'joined': " +
            string.Join(", ", firstFrameAfterJoined.Select(f => $"{f.Key} {f.Value:0} ms")) +
            $"; his page's steps after 'joined': {await dave.MilestonesAsync()}.");
        foreach (var page in three)
        {
            Assert.Contains(dave.ParticipantId, await page.TilesAsync());
        }

        // Carol closes her tab: her tile goes away everywhere else.
        RoomPage[] stayers = [alice, bob, dave];
        await carol.CloseAsync();
        var leaveTook = await Eventually.Until(
            async () =>
            {
                foreach (var page in stayers)
                {
                    if ((await page.TilesAsync()).Contains(carol.ParticipantId))
                    {
                        return false;
                    }
                }
                return true;
            },
            LeaveDeadline,
            $"Carol's tile ({carol.ParticipantId}) to disappear from Alice's, Bob's and Dave's pages after she closed hers",
            () => DescribeAsync(stayers, bridge));
        output.WriteLine($"Carol's tile disappeared from the others {leaveTook.TotalMilliseconds:0} ms after her page closed.");

        foreach (var page in stayers)
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// Waits until every viewer decodes video from every other publisher, beyond <paramref name="previous"/>
    /// counts when given, and returns the counts seen.
    /// </summary>
    private static async Task<Dictionary<(string Viewer, string Publisher), long>> WaitForFramesAsync(
        BridgeServer bridge, RoomPage[] viewers, RoomPage[] publishers,
        Dictionary<(string, string), long>? previous, TimeSpan deadline, string what)
    {
        var frames = new Dictionary<(string Viewer, string Publisher), long>();
        await Eventually.Until(
            async () =>
            {
                var allDecoding = true;
                foreach (var viewer in viewers)
                {
                    foreach (var publisher in publishers.Where(p => p != viewer))
                    {
                        var key = (viewer.Name, publisher.Name);
                        var count = frames[key] = await viewer.FramesDecodedFromAsync(publisher);
                        allDecoding &= count > (previous?.GetValueOrDefault(key) ?? 0);
                    }
                }
                return allDecoding;
            },
            deadline,
            what,
            async () => string.Join(", ", frames.Select(f => $"{f.Key.Viewer}<-{f.Key.Publisher}: {f.Value} frames")) +
                        Environment.NewLine + await DescribeAsync(viewers.Union(publishers), bridge));
        return frames;
    }

    private static async Task<string> DescribeAsync(IEnumerable<RoomPage> pages, BridgeServer bridge)
    {
        var lines = new List<string>();
        foreach (var page in pages)
        {
            lines.Add(await page.DescribeAsync());
        }
        lines.Add($"bridge stats {await bridge.DescribeStatsAsync()}");
        lines.Add($"bridge log:{Environment.NewLine}{bridge.Log}");
        return string.Join(Environment.NewLine, lines);
    }
}
