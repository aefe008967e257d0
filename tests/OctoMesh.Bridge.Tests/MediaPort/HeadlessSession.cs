using System.Net;
using System.Text;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Client;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// A <see cref="WebRtcClient"/> signalled over WHIP or WHEP against a <see cref="BridgeServer"/>: POST the
/// offer (application/sdp), expect 201 with an answer, connect. Disposing deletes the resource.
/// </summary>
public sealed class HeadlessSession : IAsyncDisposable
{
    private readonly BridgeServer _bridge;

    private HeadlessSession(BridgeServer bridge, WebRtcClient client, Uri location)
    {
        _bridge = bridge;
        Client = client;
        Location = location;
    }

    public WebRtcClient Client { get; }

    /// <summary>The WHIP/WHEP session resource from the Location header.</summary>
    public Uri Location { get; }

    /// <summary>POST /whip/{room} with a sendonly offer and connect.</summary>
    public static Task<HeadlessSession> PublishAsync(BridgeServer bridge, string room) =>
        StartAsync(bridge, $"whip/{room}", sends: true);

    /// <summary>POST /whep/{room} with a recvonly offer and connect.</summary>
    public static Task<HeadlessSession> PlayAsync(BridgeServer bridge, string room) =>
        StartAsync(bridge, $"whep/{room}", sends: false);

    private static async Task<HeadlessSession> StartAsync(BridgeServer bridge, string path, bool sends)
    {
        var client = WebRtcClient.Create(new WebRtcClientOptions { Sends = sends });
        try
        {
            using var content = new StringContent(client.CreateOffer(), Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
            using var response = await bridge.Http.PostAsync(path, content);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location is null)
            {
                throw new XunitException($"POST /{path} answered {(int)response.StatusCode} (expected 201 with a Location): {body}");
            }

            await client.ConnectAsync(body);
            return new HeadlessSession(bridge, client, response.Headers.Location);
        }
        catch (WebRtcConnectException error)
        {
            client.Dispose();
            throw new XunitException($"The headless client for /{path} did not connect: {error.Failure}: {error.Message}{Environment.NewLine}bridge log:{Environment.NewLine}{bridge.Log}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var _ = await _bridge.Http.DeleteAsync(Location);
        }
        catch (Exception)
        {
            // The bridge may already be gone at the end of a test.
        }

        Client.Dispose();
    }
}
