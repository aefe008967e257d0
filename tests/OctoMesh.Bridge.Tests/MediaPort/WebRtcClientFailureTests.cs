using System.Net;
using System.Net.Sockets;
using System.Text;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Media.Client;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>The headless client fails fast and says which step failed, rather than hanging (issue 5, "Bad input").</summary>
[Trait(Tier.Name, Tier.Functional)]
[Collection(EndToEndCollection.Name)]
public sealed class WebRtcClientFailureTests
{
    [Fact]
    public async Task An_answer_whose_candidate_never_answers_fails_with_an_ICE_timeout()
    {
        await using var bridge = await BridgeServer.StartAsync();
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = WebRtcClient.Create(new WebRtcClientOptions { Sends = true, ConnectTimeout = TimeSpan.FromSeconds(1) });
        var answer = await PostAsync(bridge, "whip/ice-timeout", client.CreateOffer());
        var port = ((IPEndPoint)blackHole.LocalEndPoint!).Port;
        var redirected = string.Join("\r\n", answer.Split("\r\n").Select(line =>
            line.StartsWith("a=candidate:", StringComparison.Ordinal) ? RedirectCandidate(line, port) : line));

        var error = await Assert.ThrowsAsync<WebRtcConnectException>(() => client.ConnectAsync(redirected));

        Assert.Equal(ConnectFailure.IceTimeout, error.Failure);
        Assert.Contains(port.ToString(), error.Message);
    }

    [Fact]
    public async Task An_answer_that_is_not_SDP_fails_as_a_bad_answer()
    {
        using var client = WebRtcClient.Create(new WebRtcClientOptions());
        client.CreateOffer();

        var error = await Assert.ThrowsAsync<WebRtcConnectException>(() => client.ConnectAsync("not an answer"));

        Assert.Equal(ConnectFailure.BadAnswer, error.Failure);
    }

    private static string RedirectCandidate(string line, int port)
    {
        var fields = line.Split(' ');
        fields[5] = port.ToString();
        return string.Join(' ', fields);
    }

    private static async Task<string> PostAsync(BridgeServer bridge, string path, string offer)
    {
        using var content = new StringContent(offer, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        using var response = await bridge.Http.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
