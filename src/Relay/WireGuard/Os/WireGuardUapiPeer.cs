using System.Net;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// The desired configuration of one peer on an OS WireGuard interface, as the UAPI's
/// <c>set=1</c> operation takes it. Keys are base64, as <c>wg(8)</c> shows them; the client
/// converts them to the hex the UAPI wants.
/// </summary>
/// <param name="PublicKey">The peer's Curve25519 public key, base64 (44 characters).</param>
/// <param name="AllowedIps">The overlay prefixes routed to this peer (cryptokey routing); a bridge is usually one /32.</param>
/// <param name="Endpoint">Where the peer's WireGuard listens; null leaves the endpoint as the device knows it (roaming).</param>
/// <param name="PresharedKey">Optional symmetric key mixed into the handshake (Noise psk2), base64; null means none.</param>
/// <param name="PersistentKeepalive">Keepalive interval through NAT; null or zero disables it. Whole seconds, at most 65535.</param>
public sealed record WireGuardUapiPeer(
    string PublicKey,
    IReadOnlyList<IPNetwork> AllowedIps,
    IPEndPoint? Endpoint = null,
    string? PresharedKey = null,
    TimeSpan? PersistentKeepalive = null);
