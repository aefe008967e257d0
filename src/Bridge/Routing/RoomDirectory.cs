using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// Which bridges already host a room, and how many of its people each one has, as this bridge sees it: its own
/// endpoints count for itself, mirrors of participants on other bridges (relayed endpoints) for their origin.
/// </summary>
public sealed class RoomDirectory(ConferenceRegistry conferences)
{
    /// <summary>People in <paramref name="room"/> by bridge id; null when the room is not known here.</summary>
    public Dictionary<string, int>? ParticipantsByBridge(string room, string selfId)
    {
        if (conferences.Find(room) is not { } conference)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var endpoint in conference.Endpoints)
        {
            var bridge = endpoint.OriginBridgeId ?? selfId;
            counts[bridge] = counts.GetValueOrDefault(bridge) + 1;
        }

        return counts.Count > 0 ? counts : null;
    }
}
