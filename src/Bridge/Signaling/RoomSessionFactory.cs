using System.Net.WebSockets;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

public sealed class RoomSessionFactory(SessionNegotiator negotiator, ConferenceRegistry conferences, TimeProvider time, ILoggerFactory loggerFactory)
{
    public RoomSession Create(string room, WebSocket socket) =>
        new(room, socket, negotiator, conferences, time, loggerFactory.CreateLogger<RoomSession>());
}
