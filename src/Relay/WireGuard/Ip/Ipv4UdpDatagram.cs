namespace OctoMesh.Relay.WireGuard.Ip;

/// <summary>A parsed IPv4/UDP packet: addresses in host order, and where the payload sits in the packet.</summary>
internal readonly record struct Ipv4UdpDatagram(
    uint SourceAddress,
    uint DestinationAddress,
    ushort SourcePort,
    ushort DestinationPort,
    int PayloadOffset,
    int PayloadLength);
