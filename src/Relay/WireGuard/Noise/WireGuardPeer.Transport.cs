using System.Net;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>Receiving transport data messages for one peer.</summary>
internal sealed partial class WireGuardPeer
{
    /// <summary>
    /// Opens a transport message addressed to one of this peer's sessions into
    /// <paramref name="destination"/>; <paramref name="written"/> is 0 for a keepalive.
    /// </summary>
    public TransportOpenResult ReceiveTransport(uint receiverIndex, ReadOnlySpan<byte> message, SocketAddress source, Span<byte> destination, out int written)
    {
        written = 0;
        TransportKeypair? keypair;
        lock (gate)
        {
            keypair = current?.LocalIndex == receiverIndex ? current
                : previous?.LocalIndex == receiverIndex ? previous
                : next?.LocalIndex == receiverIndex ? next
                : null;
        }
        if (keypair is null || timeProvider.GetElapsedTime(keypair.CreatedTimestamp) >= WireGuardTimers.RejectAfterTime)
        {
            return TransportOpenResult.Expired;
        }
        TransportOpenResult result = keypair.Open(message, destination, out written);
        if (result != TransportOpenResult.Ok)
        {
            return result;
        }
        lock (gate)
        {
            if (removed)
            {
                return TransportOpenResult.Expired;
            }
            if (PromoteNext(keypair))
            {
                OnHandshakeComplete();
                Interlocked.Increment(ref counters.handshakesCompleted);
                WireGuardLog.HandshakeCompleted(logger, PublicKey, "responder");
                SendStagedPackets();
            }
            KeepKeyFreshReceiving();
            OnAnyAuthenticatedPacketTraversal();
            OnAnyAuthenticatedPacketReceived();
            UpdateEndpoint(source);
            if (written == 0)
            {
                Interlocked.Increment(ref counters.keepalivesReceived);
            }
            else
            {
                OnDataReceived();
            }
        }
        return TransportOpenResult.Ok;
    }
}
