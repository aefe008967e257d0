using System.Security.Cryptography;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;
using OctoMesh.Testing.Namespaces;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12, as its acceptance puts it: the viewer in its own network namespace, its downlink shaped with <c>tc</c>. The
/// bridge runs as a process in one namespace, Chromium (publisher and viewer pages) in another, joined by a veth pair;
/// a token bucket on the bridge's end caps what reaches the viewer's machine at 300 kbit/s (the publisher's uplink is
/// the other direction, untouched). The viewer moves to the lowest simulcast layer and keeps decoding at the publisher's
/// frame rate; with the cap lifted it returns to the top layer. The times are printed for docs/bandwidth.md. Needs root (network namespaces).
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class NamespacedDownlinkTests(ITestOutputHelper output)
{
    private const string BridgeAddress = "10.98.0.1";
    private const string ViewerAddress = "10.98.0.2";
    private const int HttpPort = 8080;
    private const string Cap = "300kbit";
    private const int LowestLayerMaxWidth = 400;
    private const int TopLayerMinWidth = 960;
    private const int FramesToCount = 60;
    private const int SettlingFrames = 30;
    private const double FrameRateShare = 0.8;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_viewer_in_its_own_namespace_capped_at_300_kbit_moves_to_the_lowest_layer_and_returns_when_the_cap_lifts()
    {
        await using var bridgeSide = await NetworkNamespace.CreateAsync();
        await using var viewerSide = await NetworkNamespace.CreateAsync();
        var bridgeLink = await ConnectAsync(bridgeSide, viewerSide);
        var origin = new Uri($"http://{BridgeAddress}:{HttpPort}/");
        await using var bridge = await BridgeProcess.StartAsync(
            ["--urls", origin.GetLeftPart(UriPartial.Authority), "--media-bind", BridgeAddress, "--media-port", "0", "--advertise-address", BridgeAddress],
            StartDeadline, bridgeSide.Name);
        await using var chromium = await NamespacedChromium.StartAsync(viewerSide, origin);
        var described = new ProcessDescription(bridge);
        var publisher = await WhipWhepPage.OpenAsync(await chromium.NewPageAsync(origin), described);
        var player = await WhipWhepPage.OpenAsync(await chromium.NewPageAsync(origin), described);
        await publisher.PublishAsync("namespaced");
        await player.PlayAsync("namespaced");
        await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to decode the top layer before the cap");

        await bridgeSide.ExecAsync("tc", "qdisc", "add", "dev", bridgeLink, "root", "tbf", "rate", Cap, "burst", "4kb", "latency", "200ms");
        var down = await player.WaitForDecodedWidthAsync(width => width is > 0 and <= LowestLayerMaxWidth,
            $"the viewer to move to the lowest layer (at most {LowestLayerMaxWidth} px) with its downlink capped at {Cap}");
        var (framesPerSecond, publisherFramesPerSecond) = await player.LowestLayerFrameRatesAsync(publisher, LowestLayerMaxWidth, SettlingFrames, FramesToCount);

        await bridgeSide.ExecAsync("tc", "qdisc", "del", "dev", bridgeLink, "root");
        var up = await player.WaitForDecodedWidthAsync(width => width >= TopLayerMinWidth, "the viewer to return to the top layer after the cap lifted");

        output.WriteLine($"viewer in its own namespace, capped at {Cap}: down in {down.TotalSeconds:0.0} s, then {framesPerSecond:0.0} frames/s "
            + $"(the publisher encoded its lowest layer at {publisherFramesPerSecond:0.0}); cap lifted: up in {up.TotalSeconds:0.0} s");
        // At the publisher's frame rate (whatever its encoder manages on this machine), give or take a fifth.
        Assert.True(framesPerSecond >= publisherFramesPerSecond * FrameRateShare,
            $"The capped viewer decoded {framesPerSecond:0.0} frames/s on the lowest layer; the publisher encoded it at {publisherFramesPerSecond:0.0}.");
        await publisher.Browser.CloseAsync();
        await player.Browser.CloseAsync();
    }

    /// <summary>A veth pair, one end in each namespace with its address; returns the bridge side's interface name.</summary>
    private static async Task<string> ConnectAsync(NetworkNamespace bridgeSide, NetworkNamespace viewerSide)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        string bridgeLink = $"omb{suffix}", viewerLink = $"omv{suffix}";
        await HostCommand.RunAsync("ip", "link", "add", bridgeLink, "type", "veth", "peer", "name", viewerLink);
        await HostCommand.RunAsync("ip", "link", "set", bridgeLink, "netns", bridgeSide.Name);
        await HostCommand.RunAsync("ip", "link", "set", viewerLink, "netns", viewerSide.Name);
        await bridgeSide.IpAsync("addr", "add", $"{BridgeAddress}/24", "dev", bridgeLink);
        await viewerSide.IpAsync("addr", "add", $"{ViewerAddress}/24", "dev", viewerLink);
        await bridgeSide.IpAsync("link", "set", bridgeLink, "up");
        await viewerSide.IpAsync("link", "set", viewerLink, "up");
        return bridgeLink;
    }

    /// <summary>The bridge process for failure messages: its output (its stats are only reachable inside its namespace).</summary>
    private sealed class ProcessDescription(BridgeProcess bridge) : IDescribedBridge
    {
        public string LogText => bridge.Output;

        public Task<string> DescribeStatsAsync() => Task.FromResult("(the bridge's stats are inside its namespace; see its output)");
    }
}
