using System.Net.WebSockets;
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

    private static Task<ClientWebSocket> JoinAsync(BridgeServer bridge) => RoomSocket.JoinAsync(bridge, "constraints", "Ann");

    private static Task SendAsync(ClientWebSocket socket, string message) => RoomSocket.SendAsync(socket, message);

    /// <summary>Reads messages (joined, offers) until an error arrives.</summary>
    private static async Task<JsonElement> NextErrorAsync(ClientWebSocket socket)
    {
        while (true)
        {
            var message = JsonDocument.Parse(await RoomSocket.ReceiveTextAsync(socket)).RootElement;
            if (message.GetProperty("type").GetString() == "error")
            {
                return message.Clone();
            }
        }
    }
}
