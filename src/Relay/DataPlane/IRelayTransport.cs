using System.Net;

namespace OctoMesh.Relay.DataPlane;

/// <summary>
/// How relay frames cross between bridges inside the WireGuard overlay (DESIGN.md "Inter-bridge"):
/// either the bridge's own embedded WireGuard (<see cref="EmbeddedRelayTransport"/>) or an OS
/// WireGuard interface (kernel or wireguard-go) with a plain UDP socket on the overlay address
/// (<see cref="OsRelayTransport"/>). Frames go to and come from UDP port <see cref="RelayDataPlane.OverlayPort"/>
/// of each bridge's overlay address.
/// </summary>
public interface IRelayTransport : IDisposable
{
    /// <summary>This bridge's WireGuard public key, base64, as the registry advertises it.</summary>
    string PublicKey { get; }

    /// <summary>Where this bridge's WireGuard listens (the outer UDP endpoint).</summary>
    IPEndPoint LocalRelayEndpoint { get; }

    /// <summary>Raised for every relay frame addressed to this bridge's overlay port.</summary>
    event RelayFrameReceived? FrameReceived;

    /// <summary>Sends one frame to a peer bridge's overlay address; false when it could not be sent.</summary>
    bool Send(IPAddress overlay, ReadOnlySpan<byte> frame);

    void AddPeer(RelayTransportPeer peer);

    void RemovePeer(RelayTransportPeer peer);
}
