namespace OctoMesh.Relay.WireGuard.Ip;

internal enum Ipv4UdpParseStatus
{
    Ok,
    Truncated,
    NotIpv4,
    NotUdp,
    Fragmented,
    BadChecksum,
}
