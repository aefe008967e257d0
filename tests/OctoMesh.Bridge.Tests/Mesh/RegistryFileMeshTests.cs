using System.Net;
using System.Net.Http.Json;
using System.Text;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Client;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Separate bridge processes sharing a static registry file form the same mesh": two
/// bridge processes started with the README's <c>--registry</c> flags relay a WHIP publisher on one
/// to a WHEP player on the other.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RegistryFileMeshTests
{
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Two_bridge_processes_on_one_registry_file_relay_a_room()
    {
        await using var mesh = await RegistryFileMesh.StartAsync(Deadline);
        using var publisher = await ConnectAsync(mesh.Frankfurt, "whip/file-room", sends: true);
        using var stop = new CancellationTokenSource();
        var sending = SendVideoAsync(publisher, stop.Token);

        // us-east mirrors the publisher once the two processes have linked through the file.
        await Eventually.Until(
            async () => (await mesh.Virginia.Http.GetFromJsonAsync<BridgeStats>("api/stats"))?.Publishers == 1,
            Deadline,
            "us-east to see the eu-central publisher through the registry file",
            () => Task.FromResult(mesh.Describe()));

        using var player = await ConnectAsync(mesh.Virginia, "whep/file-room", sends: false);
        var received = 0;
        player.RtpReceived += _ => Interlocked.Increment(ref received);
        await Eventually.Until(
            () => Task.FromResult(Volatile.Read(ref received) >= 50),
            Deadline,
            "the WHEP player on us-east to receive 50 packets relayed from eu-central",
            () => Task.FromResult($"received {received}; us-east:{Environment.NewLine}{mesh.Virginia.Output}"));

        await stop.CancelAsync();
        await sending;
    }

    private static async Task<WebRtcClient> ConnectAsync(BridgeProcess bridge, string path, bool sends)
    {
        var client = WebRtcClient.Create(new WebRtcClientOptions { Sends = sends });
        try
        {
            using var content = new StringContent(client.CreateOffer(), Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
            using var response = await bridge.Http.PostAsync(path, content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /{path} answered {(int)response.StatusCode}: {body}");
            await client.ConnectAsync(body);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task SendVideoAsync(WebRtcClient client, CancellationToken cancellationToken)
    {
        var video = new SyntheticVp8Stream(client.VideoSsrc, keyframeInterval: 30, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid);
        var buffer = new byte[2048];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(33));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                video.StartFrame(4000, 3000);
                while (video.TryWritePacket(buffer, out var length))
                {
                    client.SendRtp(buffer.AsSpan(0, length));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
