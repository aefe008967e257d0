namespace OctoMesh.Relay.Links;

/// <summary>
/// Another bridge as discovery reports it: enough to dial it, pin its TLS certificate and set up
/// the WireGuard peer.
/// </summary>
/// <param name="BridgeId">Unique id in the mesh; ids are compared ordinally to decide who dials.</param>
/// <param name="Region">The bridge's region, e.g. "us-east".</param>
/// <param name="GrpcEndpoint">The https URI of the bridge's mesh gRPC endpoint.</param>
/// <param name="TlsCertificateSha256">
/// SHA-256 of the bridge's DER-encoded TLS certificate as 64 uppercase hex digits without colons
/// (<see cref="CertificateFingerprint.Compute"/>); lowercase is accepted when comparing.
/// </param>
/// <param name="RelayEndpoint">"host:port" of the bridge's relay UDP socket.</param>
/// <param name="WireGuardPublicKey">The bridge's WireGuard public key (base64, as in wg(8)).</param>
/// <param name="OverlayAddress">The bridge's address inside the WireGuard overlay.</param>
public sealed record MeshPeer(
    string BridgeId,
    string Region,
    Uri GrpcEndpoint,
    string TlsCertificateSha256,
    string RelayEndpoint,
    string WireGuardPublicKey,
    string OverlayAddress);
