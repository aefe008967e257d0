using System.Net.WebSockets;
using System.Text;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>A room WebSocket (<c>/ws/{room}</c>) driven by hand, as a client without a page would: text frames of JSON.</summary>
internal static class RoomSocket
{
    /// <summary>Connects and sends <c>join</c>; the bridge's answer is left for the caller to read.</summary>
    public static async Task<ClientWebSocket> JoinAsync(BridgeServer bridge, string room, string name)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(bridge.BaseAddress, $"ws/{room}")) { Scheme = "ws" }.Uri, CancellationToken.None)
            .WaitAsync(Eventually.Patience);
        await SendAsync(socket, $$"""{"type":"join","name":"{{name}}"}""");
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next whole message, as text.</summary>
    public static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None)
                .WaitAsync(Eventually.Patience);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
