namespace OctoMesh.Relay.Links;

/// <summary>
/// One registered peer inside <see cref="MeshNode"/>: its discovery record, which side dials, the
/// current link if any, and the token that ends everything for this registration.
/// A changed registration (new endpoint or certificate) is a new <see cref="PeerState"/>.
/// </summary>
internal sealed class PeerState(MeshPeer peer, LinkDirection direction, Task previousLinkCompletion)
{
    private readonly CancellationTokenSource _unregistered = new();

    public MeshPeer Peer { get; } = peer;

    public string PeerId => Peer.BridgeId;

    public LinkDirection Direction { get; } = direction;

    /// <summary>The link of the registration this one replaced, which must report down before this one reports up.</summary>
    public Task PreviousLinkCompletion { get; } = previousLinkCompletion;

    /// <summary>Cancelled when the peer leaves discovery or the node stops.</summary>
    public CancellationToken Unregistered => _unregistered.Token;

    public bool IsUnregistered => _unregistered.IsCancellationRequested;

    /// <summary>The live link, guarded by the node's lock.</summary>
    public MeshLink? Link { get; set; }

    /// <summary>The dial loop when this bridge dials, otherwise a completed task.</summary>
    public Task DialLoop { get; set; } = Task.CompletedTask;

    /// <summary>Ends this registration: stops dialing and closes the link.</summary>
    public void Unregister(MeshLink? link, string reason)
    {
        // Close first: the link's tokens hang off this registration, and the reason must be set
        // before any of its loops sees the cancellation.
        link?.Close(reason);
        _unregistered.Cancel();
    }
}
