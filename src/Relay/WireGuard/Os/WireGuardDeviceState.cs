namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>An OS WireGuard interface as a <c>get=1</c> operation reports it.</summary>
/// <param name="PrivateKey">The interface's private key, base64, or null when none is set. Devices report it clamped (RFC 7748 §5), as wg genkey makes keys.</param>
/// <param name="ListenPort">The UDP port the interface listens on, or null when it has none yet.</param>
/// <param name="FirewallMark">The fwmark applied to outgoing packets, 0 when none.</param>
/// <param name="Peers">The peers, in the order the device listed them.</param>
public sealed record WireGuardDeviceState(
    string? PrivateKey,
    int? ListenPort,
    uint FirewallMark,
    IReadOnlyList<WireGuardPeerState> Peers)
{
    /// <summary>The peer with <paramref name="publicKey"/> (base64), or null.</summary>
    public WireGuardPeerState? FindPeer(string publicKey) =>
        Peers.FirstOrDefault(peer => string.Equals(peer.PublicKey, publicKey, StringComparison.Ordinal));
}
