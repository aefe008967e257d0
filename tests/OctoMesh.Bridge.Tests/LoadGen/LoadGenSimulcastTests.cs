using System.Text.Json;
using OctoMesh.Bridge.Signaling;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Compare;
using OctoMesh.Media.Client;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Sdp;
using OctoMesh.Testing;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.LoadGen;

/// <summary>
/// <c>--simulcast</c>: the options of the plain run and of <c>compare</c>, the publisher's offer as the bridge negotiates
/// it (the way it takes Chromium's), and a simulcast load run against a real in-process bridge, whose viewers must be
/// forwarded the top layer.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoadGenSimulcastTests(ITestOutputHelper output)
{
    private static readonly string[] Rids = ["q", "h", "f"];

    [Theory]
    [Trait(Tier.Name, Tier.Unit)]
    [InlineData(new[] { "--simulcast" }, true)]
    [InlineData(new[] { "--simulcast", "on" }, true)]
    [InlineData(new[] { "--simulcast", "off" }, false)]
    [InlineData(new[] { "--simulcast", "--json" }, true)]
    [InlineData(new[] { "--json", "--simulcast" }, true)]
    [InlineData(new[] { "--simulcast", "on", "--duration", "3" }, true)]
    [InlineData(new[] { "--duration", "3" }, false)]
    public void The_load_run_reads_simulcast_as_a_flag_with_an_optional_on_or_off(string[] args, bool simulcast)
    {
        var parsed = LoadOptionsParser.Parse(args);

        Assert.True(parsed.Options is not null, parsed.Error);
        Assert.Equal(simulcast, parsed.Options.Simulcast);
    }

    [Theory]
    [Trait(Tier.Name, Tier.Unit)]
    [InlineData("both", "both is for compare")]
    [InlineData("maybe", "is not on or off")]
    public void The_load_run_rejects_other_simulcast_values(string value, string message)
    {
        var parsed = LoadOptionsParser.Parse(["--simulcast", value]);

        Assert.Null(parsed.Options);
        Assert.Contains(message, parsed.Error);
    }

    [Theory]
    [Trait(Tier.Name, Tier.Unit)]
    [InlineData("octomesh", null, new[] { "octomesh" })]
    [InlineData("octomesh", "off", new[] { "octomesh" })]
    [InlineData("octomesh", "", new[] { "octomesh-simulcast" })]
    [InlineData("octomesh", "on", new[] { "octomesh-simulcast" })]
    [InlineData("octomesh", "both", new[] { "octomesh", "octomesh-simulcast" })]
    [InlineData("octomesh,octomesh-relay", "both", new[] { "octomesh", "octomesh-simulcast", "octomesh-relay", "octomesh-relay-simulcast" })]
    public void Compare_measures_each_server_once_per_simulcast_setting(string servers, string? simulcast, string[] keys)
    {
        string[] args = simulcast switch
        {
            null => ["--servers", servers],
            "" => ["--servers", servers, "--simulcast"],
            _ => ["--servers", servers, "--simulcast", simulcast],
        };

        var parsed = CompareOptionsParser.Parse([.. args, "--json"]);

        Assert.True(parsed.Options is not null, parsed.Error);
        Assert.Equal(keys, parsed.Options.Runs.Select(run => run.Key));
        Assert.All(parsed.Options.Runs, run => Assert.Equal(run.Key.EndsWith("-simulcast", StringComparison.Ordinal), run.Simulcast));
        Assert.True(parsed.Options.Json);
        Assert.All(parsed.Options.Runs, run => Assert.Equal(run.Simulcast, parsed.Options.ToLoadOptions(run.Simulcast).Simulcast));
    }

    [Theory]
    [Trait(Tier.Name, Tier.Unit)]
    [InlineData(new[] { "--simulcast", "both" }, "Janus")]
    [InlineData(new[] { "--servers", "octomesh,janus", "--simulcast" }, "Janus")]
    [InlineData(new[] { "--servers", "octomesh", "--idle-sessions", "3", "--simulcast" }, "--idle-sessions")]
    [InlineData(new[] { "--servers", "octomesh", "--simulcast", "twice" }, "is not on, off or both")]
    public void Compare_rejects_simulcast_where_it_cannot_be_measured(string[] args, string message)
    {
        var parsed = CompareOptionsParser.Parse(args);

        Assert.Null(parsed.Options);
        Assert.Contains(message, parsed.Error);
    }

    [Fact]
    [Trait(Tier.Name, Tier.Functional)]
    public void The_simulcast_offer_is_negotiated_as_chromiums_rids_without_ssrc_lines()
    {
        using var client = WebRtcClient.Create(new WebRtcClientOptions
        {
            Sends = true,
            SimulcastRids = Rids,
            Certificate = DtlsCertificate.CreateSelfSigned(),
        });

        var offer = client.CreateOffer();
        output.WriteLine(offer);
        var lines = offer.Split("\r\n");

        Assert.Contains("a=rid:q send", lines);
        Assert.Contains("a=rid:h send", lines);
        Assert.Contains("a=rid:f send", lines);
        Assert.Contains("a=simulcast:send q;h;f", lines);
        Assert.Contains($"a=extmap:{WebRtcClient.RtpStreamIdExtensionId} {MediaCapabilities.RtpStreamIdUri}", lines);
        Assert.Contains($"a=extmap:{WebRtcClient.MidExtensionId} {MediaCapabilities.MidUri}", lines);
        Assert.Equal(3, client.SimulcastSsrcs.Distinct().Count());
        var video = SessionDescription.Parse(offer).Description!.Media.Single(m => m.Mid == WebRtcClient.VideoMid);
        Assert.Empty(video.Ssrcs);
        Assert.Empty(video.SsrcGroups);
        Assert.NotNull(video.MsidStream);

        // What the bridge's WHIP endpoint does with it: the same three layers, by rid, as from Chromium's offer.
        var answer = SdpNegotiator.CreateAnswer(offer, new LocalMediaOptions
        {
            IceUfrag = "bridgeufrag1",
            IcePwd = "bridgepasswordbridgepassword",
            Fingerprint = new SdpFingerprint("sha-256", DtlsCertificate.CreateSelfSigned().Sha256Fingerprint),
            Candidates = ["1 1 udp 2130706431 127.0.0.1 10000 typ host"],
            Capabilities = SdpConversions.BridgeCapabilities(),
        });
        Assert.True(answer.Success, answer.Error);
        var negotiated = answer.Answer!.FindMedia(WebRtcClient.VideoMid)!;
        Assert.Equal(Rids, negotiated.RemoteRids);
        Assert.Empty(negotiated.RemoteSsrcs);
        Assert.NotNull(negotiated.RemoteSimulcast);
        Assert.Equal(WebRtcClient.RtpStreamIdExtensionId, negotiated.ExtensionIds[MediaCapabilities.RtpStreamIdUri]);
        Assert.Equal(Rids, SdpConversions.ToSimulcastLayers(negotiated).Select(layer => layer.Rid));
        Assert.Contains("a=simulcast:recv q;h;f", answer.Answer.Sdp.Split("\r\n"));
    }

    [Fact]
    [Trait(Tier.Name, Tier.Unit)]
    public void The_rid_and_mid_extensions_are_on_every_packet_of_each_layer()
    {
        var stream = new SyntheticVp8Stream(1234, keyframeInterval: 90, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid,
            rtpStreamIdExtensionId: WebRtcClient.RtpStreamIdExtensionId, rid: "f", width: 1280, height: 720);
        var buffer = new byte[stream.MaxPacketSize];
        stream.StartFrame(5000);

        var packets = 0;
        while (stream.TryWritePacket(buffer, out var length))
        {
            var packet = buffer.AsSpan(0, length);
            Assert.True(Media.Rtp.RtpHeader.TryParse(packet, out var header));
            Assert.True(Media.Rtp.RtpHeaderExtensions.TryFind(packet, header, WebRtcClient.MidExtensionId, out var mid));
            Assert.Equal("1"u8.ToArray(), mid.ToArray());
            Assert.True(Media.Rtp.RtpHeaderExtensions.TryFind(packet, header, WebRtcClient.RtpStreamIdExtensionId, out var rid));
            Assert.Equal("f"u8.ToArray(), rid.ToArray());
            if (packets++ == 0)
            {
                // RFC 6386 §9.1: the first frame is a key frame carrying the layer's size.
                Assert.True(Media.Rtp.Codecs.Vp8KeyframeHeader.TryReadSize(packet.Slice(header.PayloadOffset, header.PayloadLength), out var width, out var height));
                Assert.Equal((1280, 720), (width, height));
            }
        }

        Assert.True(packets > 1);
    }

    [Fact]
    [Trait(Tier.Name, Tier.Functional)]
    public async Task A_simulcast_publisher_is_taken_as_three_layers_and_its_viewers_receive_the_top_one()
    {
        await using var bridge = await BridgeServer.StartAsync();

        // The window is long enough for the bridge's stats to be read while everyone is connected.
        var running = LoadGenRun.StartAsync("--bridge", bridge.BaseAddress.ToString(), "--room", "simulcast",
            "--publishers", "1", "--subscribers", "2", "--duration", "6", "--simulcast", "--json");

        // The bridge: three layers bound by rid, ranked by the key frames' sizes, and both viewers on f (no feedback
        // from these viewers, so no estimate limits them).
        await Eventually.Until(async () => !running.IsCompleted && ForwardsTopLayer(await bridge.GetStatsAsync(), viewers: 2),
            Eventually.Patience, "the bridge to take q/h/f at 320x180/640x360/1280x720 and forward f to both viewers while the run lasts",
            bridge.DescribeStatsAsync, TimeSpan.FromMilliseconds(100));

        var run = await running;
        Assert.True(run.ExitCode == ExitCodes.Success, $"The load run failed: {run}{Environment.NewLine}bridge log:{Environment.NewLine}{bridge.Log}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"--json must print exactly one line: {run}");
        output.WriteLine(lines[0]);
        using var json = JsonDocument.Parse(lines[0]);
        var report = json.RootElement;

        // The subscribers: video arrived, and what they received was the top layer, by its key frame header's size.
        Assert.True(report.GetProperty("simulcast").GetBoolean(), lines[0]);
        Assert.Equal(0, report.GetProperty("subscribersWithoutMedia").GetInt32());
        Assert.True(report.GetProperty("delaySamples").GetInt64() > 0, $"No stamped video packet arrived: {lines[0]}");
        Assert.True(report.GetProperty("lossPercent").GetDouble() < 5, $"Loss of 5 % or more on loopback: {lines[0]}");
        var sizes = report.GetProperty("videoSizes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["1280x720"] = 2 }, sizes);

        // One layer each, not all three: audio plus f is about 230 of the publisher's 380 packets a second.
        var perSubscriber = report.GetProperty("packetsReceived").GetInt64() / 2.0;
        Assert.InRange(perSubscriber / report.GetProperty("packetsSent").GetInt64(), 0.4, 0.8);
    }

    private static bool ForwardsTopLayer(BridgeStats stats, int viewers)
    {
        if (stats.VideoSources is not [{ Layers: { Count: 3 } layers } source] || source.Viewers.Count != viewers)
        {
            return false;
        }

        var expected = new[] { ("q", 320, 180), ("h", 640, 360), ("f", 1280, 720) };
        if (!layers.Select(l => (l.Rid, l.Width, l.Height)).SequenceEqual(expected.Select(e => ((string?)e.Item1, e.Item2, e.Item3))))
        {
            return false;
        }

        var top = layers.Single(l => l.Rid == "f").Index;
        return source.Viewers.All(viewer => viewer.Layer == top);
    }
}
