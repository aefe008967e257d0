using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// A stopping bridge closes its room sockets itself (1001, going away) instead of waiting for every page to hang up:
/// the host's shutdown timeout here is far longer than the test's patience, so only that close lets it stop.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.Functional)]
public sealed class RoomSocketShutdownTests
{
    [Fact]
    public async Task Stopping_the_bridge_closes_each_room_socket_with_going_away_and_the_host_stops()
    {
        var bridge = await BridgeServer.StartAsync(configureServices: services =>
            services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromHours(1)));
        using var socket = await JoinAsync(bridge);

        var stopped = bridge.DisposeAsync();

        var buffer = new byte[4096];
        var closing = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Eventually.Patience);
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, "the bridge is stopping"), (socket.CloseStatus, socket.CloseStatusDescription));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); // as a browser answers
        await stopped.WaitAsync(Eventually.Patience);
    }

    [Fact]
    public async Task A_client_that_never_answers_the_close_is_cut_off_and_the_host_still_stops()
    {
        var bridge = await BridgeServer.StartAsync(configureServices: services =>
            services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromHours(1)));
        using var socket = await JoinAsync(bridge);

        await bridge.DisposeAsync().WaitAsync(Eventually.Patience); // the client reads nothing and never answers
    }

    private static async Task<ClientWebSocket> JoinAsync(BridgeServer bridge)
    {
        var socket = await RoomSocket.JoinAsync(bridge, "stopping-room", "Ann");
        Assert.Contains("\"joined\"", await RoomSocket.ReceiveTextAsync(socket));
        return socket;
    }
}
