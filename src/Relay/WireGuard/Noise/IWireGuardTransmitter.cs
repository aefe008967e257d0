using System.Net;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>The one action the protocol core takes on the outside world: send a datagram.</summary>
internal interface IWireGuardTransmitter
{
    void Transmit(ReadOnlySpan<byte> datagram, SocketAddress destination);
}
