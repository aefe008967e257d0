namespace OctoMesh.Bridge.Signaling;

/// <summary>The room protocol's entry point: <c>GET /ws/{room}</c> upgraded to a WebSocket (docs/protocol.md).</summary>
public static class RoomWebSocketEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/ws/{room}", async (string room, HttpContext context, RoomSessionFactory factory, IHostApplicationLifetime lifetime) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Problems.BadRequest("This endpoint speaks WebSocket; connect with a WebSocket client.");
            }

            if (!RoomNames.IsValid(room))
            {
                return Problems.BadRequest("Room names are 1-64 letters, digits, '.', '_' or '-'.");
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await using var session = factory.Create(room, socket);
            await session.RunAsync(context.RequestAborted, lifetime.ApplicationStopping);
            return Results.Empty;
        });
    }
}
