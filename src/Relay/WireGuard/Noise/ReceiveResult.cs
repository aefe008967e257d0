using OctoMesh.Relay.WireGuard.Ip;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>The outcome of one received datagram; for <see cref="ReceiveStatus.Datagram"/> the parsed inner UDP datagram.</summary>
internal readonly record struct ReceiveResult(ReceiveStatus Status, Ipv4UdpDatagram Datagram, WireGuardPeer? Peer)
{
    public static ReceiveResult Handled => new(ReceiveStatus.Handled, default, null);

    public static ReceiveResult Dropped => new(ReceiveStatus.Dropped, default, null);
}
