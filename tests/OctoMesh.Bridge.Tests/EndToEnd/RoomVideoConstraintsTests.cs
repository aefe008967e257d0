using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// The room protocol's <c>videoConstraints</c> (issue 12) with bad input: a malformed entry gets an <c>error</c> with
/// code <c>bad-request</c> and the session goes on; an entry for someone not in the room is ignored without one.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class RoomVideoConstraintsTests
{
    [Theory]
    [InlineData("""{"type":"videoConstraints"}""")]
    [InlineData("""{"type":"videoConstraints","tracks":[{"participantId":"p-x","width":-1,"height":10}]}""")]
    [InlineData("""{"type":"videoConstraints","tracks":[{"participantId":"p-x","width":640,"height":99999}]}""")]
    [InlineData("""{"type":"videoConstraints","tracks":[{"width":640,"height":360}]}""")]
    [InlineData("""{"type":"videoConstraints","tracks":[{"participantId":"p-x","width":640,"height":360,"frameRate":1000}]}""")]
    [InlineData("""{"type":"videoConstraints","tracks":[null]}""")]
    public async Task A_malformed_video_constraint_is_refused_with_bad_request_and_the_session_goes_on(string message)
    {
        await using var bridge = await BridgeServer.StartAsync();
        using var socket = await JoinAsync(bridge);

        await SendAsync(socket, message);
        var error = await NextErrorAsync(socket);

        Assert.Equal("bad-request", error.GetProperty("code").GetString());
        Assert.Contains("videoConstraints", error.GetProperty("message").GetString());
        await SendAsync(socket, """{"type":"mute"}""");
        Assert.Contains("mute", (await NextErrorAsync(socket)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_constraint_for_someone_not_in_the_room_is_ignored()
    {
        await using var bridge = await BridgeServer.StartAsync();
        using var socket = await JoinAsync(bridge);

        await SendAsync(socket, """{"type":"videoConstraints","tracks":[{"participantId":"p-gone","width":320,"height":180,"frameRate":15}]}""");
        await SendAsync(socket, """{"type":"mute"}""");

        // The first error is the mute's: the constraint raised none.
        Assert.Contains("mute", (await NextErrorAsync(socket)).GetProperty("message").GetString());
    }

    private static async Task<ClientWebSocket> JoinAsync(BridgeServer bridge)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(bridge.BaseAddress, "ws/constraints")) { Scheme = "ws" }.Uri, CancellationToken.None)
            .WaitAsync(Eventually.Patience);
        await SendAsync(socket, """{"type":"join","name":"Ann"}""");
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads messages (joined, offers) until an error arrives.</summary>
    private static async Task<JsonElement> NextErrorAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        while (true)
        {
            var length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None)
                    .WaitAsync(Eventually.Patience);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
            if (message.GetProperty("type").GetString() == "error")
            {
                return message.Clone();
            }
        }
    }
}
