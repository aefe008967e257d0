using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>
/// What the bridge does with the mesh's events. Calls for one peer come in order (up, messages,
/// down) from that link's receive task; keep them short and never block in them.
/// </summary>
public interface IMeshHandler
{
    /// <summary>A link to <paramref name="peerId"/> completed its Hello exchange.</summary>
    void OnPeerUp(string peerId, Hello hello);

    /// <summary>
    /// The link to <paramref name="peerId"/> is gone (deadline, closed, removed from discovery);
    /// the bridge removes that peer's endpoints from every conference.
    /// </summary>
    void OnPeerDown(string peerId, string reason);

    /// <summary>Any message after the Hello except heartbeats.</summary>
    void OnMessage(string peerId, LinkMessage message);
}
