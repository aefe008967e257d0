using System.Net;
using System.Net.Http.Json;
using System.Text;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Client;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Separate bridge processes sharing a static registry file form the same mesh": two
/// bridge processes started with the README's <c>--registry</c> flags relay a WHIP publisher on one
/// to a WHEP player on the other.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RegistryFileMeshTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_bridge_processes_on_one_registry_file_relay_a_room()
    {
        var directory = Directory.CreateTempSubdirectory("octomesh-mesh-");
        var registry = Path.Combine(directory.FullName, "mesh.json");
        try
        {
            await using var frankfurt = await BridgeProcess.StartAsync(Arguments(registry, "eu-central", 50.11, 8.68, "10.99.0.1"), Deadline);
            await using var virginia = await BridgeProcess.StartAsync(Arguments(registry, "us-east", 38.95, -77.45, "10.99.0.2"), Deadline);

            using var publisher = await ConnectAsync(frankfurt, "whip/file-room", sends: true);
            using var stop = new CancellationTokenSource();
            var sending = SendVideoAsync(publisher, stop.Token);

            // us-east mirrors the publisher once the two processes have linked through the file.
            await Eventually.Until(
                async () => (await virginia.Http.GetFromJsonAsync<BridgeStats>("api/stats"))?.Publishers == 1,
                Deadline,
                "us-east to see the eu-central publisher through the registry file",
                () => Task.FromResult($"registry file:{Environment.NewLine}{File.ReadAllText(registry)}{Environment.NewLine}eu-central:{Environment.NewLine}{frankfurt.Output}{Environment.NewLine}us-east:{Environment.NewLine}{virginia.Output}"));

            using var player = await ConnectAsync(virginia, "whep/file-room", sends: false);
            var received = 0;
            player.RtpReceived += _ => Interlocked.Increment(ref received);
            await Eventually.Until(
                () => Task.FromResult(Volatile.Read(ref received) >= 50),
                Deadline,
                "the WHEP player on us-east to receive 50 packets relayed from eu-central",
                () => Task.FromResult($"received {received}; us-east:{Environment.NewLine}{virginia.Output}"));

            await stop.CancelAsync();
            await sending;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The README's flags for one bridge process of a mesh sharing the registry file <paramref name="registry"/>.</summary>
    internal static string[] Arguments(string registry, string id, double latitude, double longitude, string overlay) =>
    [
        "--registry", registry, "--bridge-id", id, "--region", id,
        "--latitude", latitude.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--longitude", longitude.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--urls", "http://127.0.0.1:0", "--media-port", "0", "--grpc-port", "0", "--relay-port", "0",
        "--overlay-address", overlay, "--advertise-address", "127.0.0.1",
    ];

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
