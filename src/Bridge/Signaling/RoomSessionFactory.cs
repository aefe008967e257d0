using System.Net.WebSockets;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

public sealed class RoomSessionFactory(SessionNegotiator negotiator, ConferenceRegistry conferences, ILoggerFactory loggerFactory)
{
    public RoomSession Create(string room, WebSocket socket) =>
        new(room, socket, negotiator, conferences, loggerFactory.CreateLogger<RoomSession>());
}
