using System.Net;

namespace OctoMesh.Relay.DataPlane;

/// <summary>
/// One remote bridge as the relay transport needs it: its WireGuard public key (base64), where its
/// WireGuard listens, and its overlay address (the only source its relay frames may come from).
/// </summary>
public sealed record RelayTransportPeer(string PublicKey, IPEndPoint RelayEndpoint, IPAddress OverlayAddress);
