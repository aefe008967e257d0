using System.Net;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>One peer as a <c>get=1</c> operation reports it.</summary>
/// <param name="PublicKey">The peer's public key, base64.</param>
/// <param name="PresharedKey">The preshared key, base64, or null when none is set (the UAPI reports all zeros).</param>
/// <param name="Endpoint">The peer's current endpoint, or null before it is known.</param>
/// <param name="AllowedIps">The overlay prefixes routed to the peer.</param>
/// <param name="LastHandshake">When the last handshake completed, or null if none has.</param>
/// <param name="ReceivedBytes">Bytes received from the peer (<c>rx_bytes</c>).</param>
/// <param name="TransmittedBytes">Bytes sent to the peer (<c>tx_bytes</c>).</param>
/// <param name="PersistentKeepalive">The keepalive interval, zero when disabled.</param>
/// <param name="ProtocolVersion">The UAPI protocol version of the peer entry (1 today).</param>
public sealed record WireGuardPeerState(
    string PublicKey,
    string? PresharedKey,
    IPEndPoint? Endpoint,
    IReadOnlyList<IPNetwork> AllowedIps,
    DateTimeOffset? LastHandshake,
    long ReceivedBytes,
    long TransmittedBytes,
    TimeSpan PersistentKeepalive,
    int ProtocolVersion);
