using System.Net;
using OctoMesh.Relay.WireGuard;

namespace OctoMesh.Relay.DataPlane;

/// <summary>
/// Relay frames inside the bridge's own userspace WireGuard: each frame is a UDP datagram from
/// overlay port 7000 to overlay port 7000, encrypted by <see cref="WireGuardTunnel"/>.
/// </summary>
public sealed class EmbeddedRelayTransport : IRelayTransport
{
    private readonly WireGuardTunnel _tunnel;

    public EmbeddedRelayTransport(WireGuardTunnel tunnel)
    {
        _tunnel = tunnel;
        _tunnel.DatagramReceived += OnDatagram;
    }

    public WireGuardTunnel Tunnel => _tunnel;

    public string PublicKey => _tunnel.PublicKey;

    public IPEndPoint LocalRelayEndpoint => _tunnel.LocalEndPoint;

    public event RelayFrameReceived? FrameReceived;

    public bool Send(IPAddress overlay, ReadOnlySpan<byte> frame) =>
        _tunnel.SendDatagram(overlay, RelayDataPlane.OverlayPort, RelayDataPlane.OverlayPort, frame);

    public void AddPeer(RelayTransportPeer peer) => _tunnel.AddPeer(new WireGuardPeerConfig
    {
        PublicKey = peer.PublicKey,
        Endpoint = peer.RelayEndpoint,
        OverlayAddress = peer.OverlayAddress,
    });

    public void RemovePeer(RelayTransportPeer peer) => _tunnel.RemovePeer(peer.PublicKey);

    private void OnDatagram(IPAddress source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        if (destinationPort == RelayDataPlane.OverlayPort)
        {
            FrameReceived?.Invoke(source, payload);
        }
    }

    public void Dispose()
    {
        _tunnel.DatagramReceived -= OnDatagram;
        _tunnel.Dispose();
    }
}
