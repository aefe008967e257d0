using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>Handshake messages of one peer: sending initiations, answering them, consuming responses and cookie replies.</summary>
internal sealed partial class WireGuardPeer
{
    private TimeSpan? lastHandshakeSent;
    private TimeSpan? lastInitiationConsumed;

    /// <summary>
    /// Sends an initiation unless one went out less than REKEY_TIMEOUT ago (wireguard-go
    /// SendHandshakeInitiation). A retry keeps counting attempts; anything else restarts the count.
    /// </summary>
    private void SendHandshakeInitiation(bool isRetry)
    {
        if (!isRetry)
        {
            handshakeAttempts = 0;
        }
        TimeSpan now = Now;
        if (endpoint is null || removed || (lastHandshakeSent is { } sent && now - sent < WireGuardTimers.RekeyTimeout))
        {
            return;
        }
        lastHandshakeSent = now;
        if (pendingHandshakeIndex is { } oldIndex)
        {
            indices.Remove(oldIndex);
        }
        uint index = indices.Allocate(this);
        pendingHandshakeIndex = index;
        Span<byte> message = transmitBuffer.AsSpan(0, MessageLayout.InitiationSize);
        if (handshake.CreateInitiation(index, timeProvider.GetUtcNow(), message) != HandshakeResult.Ok)
        {
            WireGuardLog.InvalidPeerKey(logger, PublicKey);
            return;
        }
        cookies.AddMacs(message);
        OnAnyAuthenticatedPacketTraversal();
        OnAnyAuthenticatedPacketSent();
        transmitter.Transmit(message, endpoint);
        Interlocked.Increment(ref counters.handshakeInitiationsSent);
        OnHandshakeInitiated();
    }

    /// <summary>
    /// Finishes an initiation whose static key named this peer, answers it, and installs the
    /// resulting session as <c>next</c>. The source becomes the endpoint (roaming).
    /// </summary>
    public HandshakeResult ConsumeInitiation(ReadOnlySpan<byte> message, InitiationPrefix prefix, SocketAddress source)
    {
        lock (gate)
        {
            if (removed)
            {
                return HandshakeResult.UnexpectedMessage;
            }
            TimeSpan now = Now;
            if (lastInitiationConsumed is { } last && now - last < WireGuardTimers.HandshakeInitiationRate)
            {
                return HandshakeResult.Flood;
            }
            HandshakeResult result = handshake.ConsumeInitiation(message, prefix);
            if (result != HandshakeResult.Ok)
            {
                return result;
            }
            lastInitiationConsumed = now;
            OnAnyAuthenticatedPacketTraversal();
            OnAnyAuthenticatedPacketReceived();
            UpdateEndpoint(source);

            // A simultaneous initiation of ours is abandoned; the peer's wins.
            if (pendingHandshakeIndex is { } oldIndex)
            {
                indices.Remove(oldIndex);
                pendingHandshakeIndex = null;
            }
            uint index = indices.Allocate(this);
            Span<byte> sendKey = stackalloc byte[32];
            Span<byte> receiveKey = stackalloc byte[32];
            Span<byte> response = transmitBuffer.AsSpan(0, MessageLayout.ResponseSize);
            result = handshake.CreateResponse(index, response, sendKey, receiveKey);
            if (result != HandshakeResult.Ok)
            {
                indices.Remove(index);
                return result;
            }
            cookies.AddMacs(response);
            BeginSession(new TransportKeypair(sendKey, receiveKey, index, handshake.RemoteIndex, isInitiator: false, timeProvider.GetTimestamp()));
            CryptographicOperations.ZeroMemory(sendKey);
            CryptographicOperations.ZeroMemory(receiveKey);
            lastHandshakeSent = now;
            OnSessionDerived();
            OnAnyAuthenticatedPacketTraversal();
            OnAnyAuthenticatedPacketSent();
            transmitter.Transmit(response, endpoint!);
            Interlocked.Increment(ref counters.handshakeResponsesSent);
            return HandshakeResult.Ok;
        }
    }

    /// <summary>Consumes the answer to our initiation: the session is current at once, and a keepalive (or the queue) confirms it to the responder.</summary>
    public HandshakeResult ConsumeResponse(ReadOnlySpan<byte> message, SocketAddress source)
    {
        lock (gate)
        {
            if (removed)
            {
                return HandshakeResult.UnexpectedMessage;
            }
            Span<byte> sendKey = stackalloc byte[32];
            Span<byte> receiveKey = stackalloc byte[32];
            uint index = handshake.LocalIndex;
            HandshakeResult result = handshake.ConsumeResponse(message, sendKey, receiveKey);
            if (result != HandshakeResult.Ok)
            {
                return result;
            }
            pendingHandshakeIndex = null;
            BeginSession(new TransportKeypair(sendKey, receiveKey, index, handshake.RemoteIndex, isInitiator: true, timeProvider.GetTimestamp()));
            CryptographicOperations.ZeroMemory(sendKey);
            CryptographicOperations.ZeroMemory(receiveKey);
            OnSessionDerived();
            OnHandshakeComplete();
            OnAnyAuthenticatedPacketTraversal();
            OnAnyAuthenticatedPacketReceived();
            UpdateEndpoint(source);
            Interlocked.Increment(ref counters.handshakesCompleted);
            WireGuardLog.HandshakeCompleted(logger, PublicKey, "initiator");
            SendKeepalive();
            return HandshakeResult.Ok;
        }
    }

    /// <summary>Stores the cookie of a reply to our last initiation or response; the next retransmission carries mac2.</summary>
    public bool ConsumeCookieReply(ReadOnlySpan<byte> reply)
    {
        lock (gate)
        {
            bool ok = !removed && cookies.ConsumeCookieReply(reply);
            if (ok)
            {
                Interlocked.Increment(ref counters.cookieRepliesReceived);
            }
            return ok;
        }
    }

    private void UpdateEndpoint(SocketAddress source)
    {
        // Whitepaper §2.1 (roaming): the endpoint is the source of the latest authenticated packet.
        if (endpoint is null || !endpoint.Equals(source))
        {
            SocketAddress copy = new(source.Family, source.Size);
            source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
            endpoint = copy;
        }
    }
}
