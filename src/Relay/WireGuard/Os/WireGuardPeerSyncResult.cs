namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>What one <see cref="OsWireGuardInterface.SynchronizePeersAsync"/> changed.</summary>
/// <param name="Added">Peers the interface did not have.</param>
/// <param name="Updated">Peers whose allowed IPs, endpoint, preshared key or keepalive changed.</param>
/// <param name="Removed">Peers the interface had but the desired set no longer holds.</param>
/// <param name="Unchanged">Peers already exactly as desired.</param>
public sealed record WireGuardPeerSyncResult(int Added, int Updated, int Removed, int Unchanged)
{
    /// <summary>True when the interface had to be changed.</summary>
    public bool Changed => Added + Updated + Removed > 0;
}
