using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12 on the room page: it publishes three simulcast layers, tells the bridge how large each tile draws a
/// video (<c>videoConstraints</c>), and the bridge sends the smallest layer that fills the tile: the lowest for a
/// small tile, the top for a large one, nothing for a hidden tile (and a keyframe when it shows again). The page
/// shows each tile's layer and its downlink estimate from the bridge's <c>receiving</c> message.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class RoomLayersTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int LowestLayerMaxWidth = 400;
    private const int TopLayerMinWidth = 960;

    [Fact]
    public async Task Each_tile_gets_the_layer_that_fills_it_a_hidden_tile_nothing_and_the_page_shows_the_layer_and_estimate()
    {
        await using var bridge = await BridgeServer.StartAsync();
        var alice = await RoomPage.JoinAsync(chromium, bridge, "layers", "Alice", simulcast: true);
        var bob = await RoomPage.JoinAsync(chromium, bridge, "layers", "Bob", simulcast: true);

        await bob.ShowTileAtAsync(alice, 1280, 720);
        await WaitForWidthAsync(bob, alice, width => width >= TopLayerMinWidth, "Bob to decode Alice's top layer in a 1280×720 tile");

        await bob.ShowTileAtAsync(alice, 240, 135);
        await WaitForWidthAsync(bob, alice, width => width is > 0 and <= LowestLayerMaxWidth, "Bob to decode Alice's lowest layer in a 240×135 tile");
        await Eventually.Until(async () => (await bob.ShownLayerAsync(alice)) is var (downlink, stats) && stats.Contains("layer q") && downlink.Contains("Mbit/s"),
            Eventually.Patience, "Bob's page to show Alice's tile on layer q and his downlink estimate",
            async () => $"{await bob.ShownLayerAsync(alice)}, receiving {await bob.ReceivingFromAsync(alice)}");
        output.WriteLine($"Bob's page: {await bob.ShownLayerAsync(alice)}");

        await bob.ShowTileAtAsync(alice, 0, 0);
        await Eventually.Until(async () => (await bob.ReceivingFromAsync(alice)).Contains("\"paused\":true"),
            Eventually.Patience, "the bridge to pause Alice's video for Bob while her tile is hidden", async () => await bob.ReceivingFromAsync(alice));
        var (framesWhenPaused, _) = await bob.VideoFromAsync(alice);
        var stats = await bridge.GetStatsAsync();
        output.WriteLine(stats.ToString());

        await bob.ShowTileAtAsync(alice, 640, 360);
        await Eventually.Until(async () => (await bob.VideoFromAsync(alice)).FramesDecoded > framesWhenPaused + 30,
            Eventually.Patience, "Bob to decode Alice's video again once her tile shows", async () => await bob.ReceivingFromAsync(alice));
        // Alice's tile for Bob was never touched: she still decodes him.
        var (fromBob, _) = await alice.VideoFromAsync(bob);
        Assert.True(fromBob > 0, "Alice decoded nothing from Bob.");

        await alice.CloseAsync();
        await bob.CloseAsync();
    }

    private static Task<TimeSpan> WaitForWidthAsync(RoomPage viewer, RoomPage publisher, Func<int, bool> isWanted, string what) =>
        Eventually.Until(async () => isWanted((await viewer.VideoFromAsync(publisher)).FrameWidth), Eventually.Patience, what,
            async () => $"decoding {await viewer.VideoFromAsync(publisher)}, receiving {await viewer.ReceivingFromAsync(publisher)}");
}
