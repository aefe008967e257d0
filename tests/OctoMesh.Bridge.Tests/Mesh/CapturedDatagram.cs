namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>One UDP datagram seen on the wire: ports and the UDP payload.</summary>
public sealed record CapturedDatagram(int SourcePort, int DestinationPort, byte[] Payload);
