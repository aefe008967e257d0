using System.Net;

namespace OctoMesh.Media.Transport;

/// <summary>Receives every datagram read from the media socket, on the receive thread.</summary>
public interface IDatagramHandler
{
    /// <summary>
    /// Handle one datagram. <paramref name="datagram"/> is the receive buffer itself, with
    /// spare capacity behind the data (see <see cref="UdpMediaSocket.ReceiveBufferSize"/>):
    /// handlers may decrypt and rewrite in place. Neither argument outlives the call.
    /// </summary>
    void OnDatagram(Span<byte> buffer, int length, SocketAddress remote);
}
