using System.Net;

namespace OctoMesh.Relay.WireGuard;

/// <summary>
/// One peer of a <see cref="WireGuardTunnel"/>, as in a <c>[Peer]</c> section of wg(8):
/// its public key, optional preshared key, optional initial endpoint (it roams to wherever
/// authenticated packets come from), its overlay address (its only allowed IP, a /32) and an
/// optional persistent keepalive interval.
/// </summary>
public sealed record WireGuardPeerConfig
{
    /// <summary>Base64, as printed by <c>wg pubkey</c>.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Base64, as printed by <c>wg genpsk</c>; none means 32 zero bytes (whitepaper §5.2).</summary>
    public string? PresharedKey { get; init; }

    /// <summary>Where to send until the peer is heard from; without it we only answer.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>The peer's IPv4 overlay address: the only source address accepted from it.</summary>
    public required IPAddress OverlayAddress { get; init; }

    /// <summary>Send a keepalive after this long without sending anything (for NAT mappings).</summary>
    public TimeSpan? PersistentKeepalive { get; init; }
}
