using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, the first acceptance item, in headless Chromium over the demo's three bridges: a room whose
/// people sit on different bridges, a latecomer whose keyframe request crosses the relay, and WHEP on one
/// bridge playing a WHIP publisher on another.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class MeshRoomTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int FramesToDecode = 60;
    private const int MinimumFrameWidth = 320;
    private static readonly TimeSpan LinkDeadline = Eventually.Patience;
    private static readonly TimeSpan MediaDeadline = Eventually.Patience;

    [Fact]
    public async Task People_on_three_bridges_see_each_other_and_a_latecomer_gets_relayed_video()
    {
        const string room = "three-continents";
        await using var mesh = await TestMesh.StartAsync(LinkDeadline);
        var alice = await RoomPage.JoinAsync(chromium, mesh["eu-central"], room, "Alice (eu-central)");
        var bob = await RoomPage.JoinAsync(chromium, mesh["us-east"], room, "Bob (us-east)");
        var carol = await RoomPage.JoinAsync(chromium, mesh["ap-southeast"], room, "Carol (ap-southeast)");
        RoomPage[] three = [alice, bob, carol];
        try
        {
            // The publisher on eu-central reaches both other bridges, and us-east and ap-southeast see each other:
            // every pair crosses the relay.
            var frames = await RoomFrames.WaitAsync(
                RoomFrames.Pairs(three, three), _ => FramesToDecode, MediaDeadline,
                $"each of Alice (eu-central), Bob (us-east) and Carol (ap-southeast) to decode {FramesToDecode} frames from both others",
                () => RoomFrames.DescribeAsync(three, mesh));
            output.WriteLine("Frames decoded: " + string.Join(", ", frames.Select(f => $"{f.Key.Viewer}<-{f.Key.Publisher}: {f.Value}")));

            // A latecomer on ap-southeast: Alice's and Bob's video already reach ap-southeast for Carol, so only a
            // keyframe is missing, and the request for it crosses the relay to their bridges and browsers.
            var dave = await RoomPage.JoinAsync(chromium, mesh["ap-southeast"], room, "Dave (ap-southeast)");
            try
            {
                // When each first frame was shown, by Dave's page clock: the relayed ones against the local one. The test asserts
                // that Dave sees everyone; how fast is printed only (a speed figure, not a behaviour).
                var firstFrameAfterJoined = await dave.WaitForFirstFramesAsync(
                    three,
                    MediaDeadline,
                    "Dave, who joined last on ap-southeast, to show a frame from each of Alice, Bob and Carol",
                    () => RoomFrames.DescribeAsync([.. three, dave], mesh));
                var sinceJoined = TimeSpan.FromMilliseconds(firstFrameAfterJoined.Values.Max());
                output.WriteLine($"Dave's page (ap-southeast) showed a first frame from each of the others {sinceJoined.TotalMilliseconds:0} ms after 'joined': " +
                                 string.Join(", ", firstFrameAfterJoined.Select(f => $"{f.Key} {f.Value:0} ms")) + ".");
                foreach (var page in three)
                {
                    Assert.Contains(dave.ParticipantId, await page.TilesAsync());
                }
            }
            finally
            {
                await dave.CloseAsync();
            }
        }
        finally
        {
            foreach (var page in three)
            {
                await page.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task WHEP_on_one_bridge_plays_a_WHIP_publisher_on_another()
    {
        const string room = "whip-here-whep-there";
        await using var mesh = await TestMesh.StartAsync(LinkDeadline);
        var publisher = await WhipWhepPage.OpenAsync(chromium, mesh["eu-central"]);
        var player = await WhipWhepPage.OpenAsync(chromium, mesh["ap-southeast"]);
        try
        {
            await publisher.PublishAsync(room);
            // WHEP plays the room's newest publisher: wait until ap-southeast mirrors the one on eu-central.
            await Eventually.Until(
                async () => (await mesh["ap-southeast"].GetStatsAsync()).Publishers == 1,
                LinkDeadline, "ap-southeast to learn of the WHIP publisher on eu-central", () => Task.FromResult(mesh.DescribeLinks()));
            await player.PlayAsync(room);

            var elapsed = await Eventually.Until(
                async () =>
                {
                    var media = await player.PlayerInboundAsync();
                    return media.VideoFramesDecoded >= FramesToDecode
                        && media.FrameWidth >= MinimumFrameWidth
                        && (media.AudioPacketsReceived > 0 || media.AudioSamplesReceived > 0);
                },
                MediaDeadline,
                $"the WHEP player on ap-southeast to decode {FramesToDecode} frames at least {MinimumFrameWidth} px wide, and receive audio, " +
                "from the WHIP publisher on eu-central",
                async () => $"{await player.DescribeAsync()}{Environment.NewLine}{mesh.DescribeLinks()}");
            output.WriteLine($"WHEP on ap-southeast decoded {FramesToDecode} frames of the WHIP publisher on eu-central " +
                             $"{elapsed.TotalSeconds:0.0} s after Play was answered: {await player.PlayerInboundAsync()}");
        }
        finally
        {
            await publisher.Browser.CloseAsync();
            await player.Browser.CloseAsync();
        }
    }

    /// <summary>
    /// Issue 12: every simulcast layer crosses the relay with its identity, and a remote viewer selects among them; a VP9
    /// SVC stream crosses whole and the remote bridge thins it to the spatial layer its viewer asks for.
    /// </summary>
    [Theory]
    [InlineData("VP8")]
    [InlineData("VP9")]
    public async Task A_WHEP_viewer_on_another_bridge_selects_the_layers_of_a_simulcast_publisher(string codec)
    {
        var room = $"layers-across-{codec.ToLowerInvariant()}";
        const int topLayerMinWidth = 960;
        const int lowestLayerMaxWidth = 400;
        await using var mesh = await TestMesh.StartAsync(LinkDeadline);
        var publisher = await WhipWhepPage.OpenAsync(chromium, mesh["eu-central"]);
        var player = await WhipWhepPage.OpenAsync(chromium, mesh["us-east"]);
        try
        {
            await publisher.PublishAsync(room, codec);
            await Eventually.Until(
                async () => (await mesh["us-east"].GetStatsAsync()).Publishers == 1,
                LinkDeadline, "us-east to learn of the WHIP publisher on eu-central", () => Task.FromResult(mesh.DescribeLinks()));
            await player.PlayAsync(room);

            async Task<TimeSpan> WidthAsync(Func<int, bool> wanted, string what) => await Eventually.Until(
                async () => wanted((await player.PlayerInboundAsync()).FrameWidth), MediaDeadline, what,
                async () => $"{await player.DescribeAsync()}{Environment.NewLine}{mesh.DescribeLinks()}");

            await WidthAsync(width => width >= topLayerMinWidth, $"the viewer on us-east to decode the relayed top layer (at least {topLayerMinWidth} px)");
            object lowest = codec == "VP9" ? new { spatialLayerId = 0 } : new { encodingId = "q" };
            Assert.Equal(204, await player.SelectLayerAsync(lowest));
            var down = await WidthAsync(width => width is > 0 and <= lowestLayerMaxWidth, "the viewer on us-east to decode the relayed lowest layer after asking for it");
            Assert.Equal(204, await player.SelectLayerAsync(null));
            var up = await WidthAsync(width => width >= topLayerMinWidth, "the viewer on us-east to decode the relayed top layer again after DELETE");
            output.WriteLine($"relayed {codec}: down in {down.TotalSeconds:0.00} s, up in {up.TotalSeconds:0.00} s: {await player.PlayerInboundAsync()}");
        }
        finally
        {
            await publisher.Browser.CloseAsync();
            await player.Browser.CloseAsync();
        }
    }
}
