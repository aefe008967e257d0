using System.Text.Json;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Proves the harness itself, independently of the media server: the bridge serves the pages,
/// Playwright drives the system Chromium, and the fake camera yields 640x480 video.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(EndToEndCollection.Name)]
public sealed class HarnessSmokeTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Chromium_loads_the_example_page_and_the_fake_camera_gives_640x480()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var page = await chromium.NewPageAsync(bridge.BaseAddress);

        var response = await page.Page.GotoAsync("/whip-whep.html");
        Assert.Equal(200, response?.Status);
        Assert.Equal("idle", await page.Page.TextContentAsync("#status"));

        var settings = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
              const video = stream.getVideoTracks()[0].getSettings();
              const result = { width: video.width, height: video.height, audioTracks: stream.getAudioTracks().length };
              stream.getTracks().forEach((track) => track.stop());
              return result;
            }
            """);
        Assert.Equal(640, settings.GetProperty("width").GetInt32());
        Assert.Equal(480, settings.GetProperty("height").GetInt32());
        Assert.Equal(1, settings.GetProperty("audioTracks").GetInt32());
    }

    [Fact]
    public async Task The_room_page_loads_without_script_errors()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var page = await chromium.NewPageAsync(bridge.BaseAddress);

        await page.Page.GotoAsync("/?room=smoke&name=Alice");

        Assert.Equal("smoke", await page.Page.InputValueAsync("#room"));
        Assert.Equal("Alice", await page.Page.InputValueAsync("#name"));
        Assert.True(await page.EvaluateAsync<bool>("typeof window.room?.framesDecodedFrom === 'function'"),
            $"window.room is not exposed. Console:{Environment.NewLine}{page.ConsoleText}");
        Assert.DoesNotContain("page error", page.ConsoleText);
    }

    [Fact]
    public async Task Two_PeerConnections_exchange_video_over_loopback_without_a_bridge()
    {
        // Chromium talking to itself on 127.0.0.1: proves the launch flags allow loopback ICE and
        // that fake-camera frames get decoded, so a failing bridge test is about the bridge.
        await using var bridge = await BridgeServer.StartAsync();
        await using var page = await chromium.NewPageAsync(bridge.BaseAddress);
        await page.Page.GotoAsync("/whip-whep.html");

        await page.EvaluateAsync<bool>("""
            async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ video: true });
              const sender = new RTCPeerConnection(), receiver = new RTCPeerConnection();
              sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
              receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
              sender.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
              await sender.setLocalDescription();
              await receiver.setRemoteDescription(sender.localDescription);
              await receiver.setLocalDescription();
              await sender.setRemoteDescription(receiver.localDescription);
              window.loopbackReceiver = receiver;
              return true;
            }
            """);

        await Eventually.Until(
            async () => await page.EvaluateAsync<int>("""
                async () => {
                  let frames = 0;
                  (await window.loopbackReceiver.getStats()).forEach((r) => {
                    if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded ?? 0;
                  });
                  return frames;
                }
                """) >= 30,
            TimeSpan.FromSeconds(15),
            "30 frames decoded over a loopback PeerConnection pair");
    }
}
