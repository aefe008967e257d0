using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using OctoMesh.Relay.WireGuard.Ip;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// The socket-less WireGuard device: our static key, the peers (by public key and by overlay
/// address), the index table and the cookie checker. <see cref="Receive"/> demultiplexes one
/// datagram by message type (whitepaper §5.4) and returns what to deliver; every datagram it
/// emits goes through the <see cref="IWireGuardTransmitter"/>. Thread-safe.
/// </summary>
internal sealed class WireGuardDevice
{
    private readonly WireGuardKeyPair localStatic;
    private readonly IWireGuardTransmitter transmitter;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly CookieChecker cookieChecker;
    private readonly IndexTable indices = new();
    private readonly ConcurrentDictionary<string, WireGuardPeer> peersByKey = new();
    private readonly ConcurrentDictionary<uint, WireGuardPeer> peersByOverlay = new();
    private readonly byte[] cookieReply = new byte[MessageLayout.CookieReplySize];
    private readonly Lock cookieReplyLock = new();
    private long loadWindowStart;
    private int handshakesInLoadWindow;
    private long underLoadUntil;

    public WireGuardDevice(WireGuardKeyPair localStatic, IPAddress overlayAddress, IWireGuardTransmitter transmitter, TimeProvider timeProvider, ILogger logger)
    {
        this.localStatic = localStatic;
        this.transmitter = transmitter;
        this.timeProvider = timeProvider;
        this.logger = logger;
        OverlayAddress = Ipv4UdpPacket.ToUInt32(overlayAddress);
        cookieChecker = new CookieChecker(localStatic.RawPublicKey, timeProvider);
        loadWindowStart = timeProvider.GetTimestamp();
    }

    public WireGuardCounters Counters { get; } = new();

    public uint OverlayAddress { get; }

    /// <summary>Demand mac2 (answer with cookie replies) regardless of the measured load.</summary>
    public bool ForceUnderLoad { get; set; }

    /// <summary>Handshake messages per second above which the device counts as under load for a second (wireguard-go: a queue 1/8 full).</summary>
    public int UnderLoadHandshakesPerSecond { get; set; } = 256;

    public bool IsUnderLoad => ForceUnderLoad || timeProvider.GetTimestamp() < Volatile.Read(ref underLoadUntil);

    public WireGuardPeer AddPeer(WireGuardPeerConfig config)
    {
        WireGuardPeer peer = new(localStatic, config, indices, transmitter, Counters, timeProvider, logger);
        if (!peersByKey.TryAdd(peer.PublicKey, peer))
        {
            throw new InvalidOperationException($"Peer {peer.PublicKey} is already configured.");
        }
        if (!peersByOverlay.TryAdd(peer.OverlayAddress, peer))
        {
            peersByKey.TryRemove(peer.PublicKey, out _);
            throw new InvalidOperationException($"Overlay address {config.OverlayAddress} already belongs to another peer.");
        }
        return peer;
    }

    public bool RemovePeer(string publicKey)
    {
        if (!peersByKey.TryRemove(Convert.ToBase64String(WireGuardKeyPair.DecodeKey(publicKey)), out WireGuardPeer? peer))
        {
            return false;
        }
        peersByOverlay.TryRemove(peer.OverlayAddress, out _);
        peer.Remove();
        return true;
    }

    public WireGuardPeer? FindPeer(string publicKey) =>
        peersByKey.TryGetValue(Convert.ToBase64String(WireGuardKeyPair.DecodeKey(publicKey)), out WireGuardPeer? peer) ? peer : null;

    public WireGuardPeer? FindPeerByOverlay(uint overlayAddress) =>
        peersByOverlay.TryGetValue(overlayAddress, out WireGuardPeer? peer) ? peer : null;

    public void UpdateTimers()
    {
        foreach (WireGuardPeer peer in peersByKey.Values)
        {
            peer.UpdateTimers();
        }
    }

    /// <summary>
    /// Processes one datagram from <paramref name="source"/>. Decrypted transport payloads land
    /// in <paramref name="plaintext"/> (at least the datagram's length).
    /// </summary>
    public ReceiveResult Receive(ReadOnlySpan<byte> datagram, SocketAddress source, Span<byte> plaintext)
    {
        switch (MessageLayout.TypeOf(datagram))
        {
            case MessageLayout.TransportType:
                return ReceiveTransport(datagram, source, plaintext);
            case MessageLayout.InitiationType:
                ReceiveInitiation(datagram, source);
                return ReceiveResult.Handled;
            case MessageLayout.ResponseType:
                ReceiveResponse(datagram, source);
                return ReceiveResult.Handled;
            case MessageLayout.CookieReplyType:
                if (indices.TryGet(MessageLayout.ReadIndex(datagram, MessageLayout.CookieReceiverOffset), out WireGuardPeer cookiePeer)
                    && cookiePeer.ConsumeCookieReply(datagram))
                {
                    return ReceiveResult.Handled;
                }
                Interlocked.Increment(ref Counters.invalidMessages);
                return ReceiveResult.Dropped;
            default:
                Interlocked.Increment(ref Counters.invalidMessages);
                return ReceiveResult.Dropped;
        }
    }

    private ReceiveResult ReceiveTransport(ReadOnlySpan<byte> message, SocketAddress source, Span<byte> plaintext)
    {
        if (!indices.TryGet(MessageLayout.ReadIndex(message, MessageLayout.TransportReceiverOffset), out WireGuardPeer peer))
        {
            Interlocked.Increment(ref Counters.unknownIndex);
            return ReceiveResult.Dropped;
        }
        uint receiverIndex = MessageLayout.ReadIndex(message, MessageLayout.TransportReceiverOffset);
        TransportOpenResult result = peer.ReceiveTransport(receiverIndex, message, source, plaintext, out int written);
        switch (result)
        {
            case TransportOpenResult.Ok:
                break;
            case TransportOpenResult.Replayed:
                Interlocked.Increment(ref Counters.replaysRejected);
                return ReceiveResult.Dropped;
            case TransportOpenResult.Expired:
                Interlocked.Increment(ref Counters.unknownIndex);
                return ReceiveResult.Dropped;
            default:
                Interlocked.Increment(ref Counters.decryptFailures);
                return ReceiveResult.Dropped;
        }
        if (written == 0)
        {
            return ReceiveResult.Handled;
        }
        // Whitepaper §2 (cryptokey routing): a peer may only send from its allowed IPs, here its overlay /32.
        if (Ipv4UdpPacket.TryParse(plaintext[..written], out Ipv4UdpDatagram inner) != Ipv4UdpParseStatus.Ok)
        {
            Interlocked.Increment(ref Counters.invalidMessages);
            return ReceiveResult.Dropped;
        }
        if (inner.SourceAddress != peer.OverlayAddress || inner.DestinationAddress != OverlayAddress)
        {
            Interlocked.Increment(ref Counters.allowedIpViolations);
            return ReceiveResult.Dropped;
        }
        Interlocked.Increment(ref Counters.packetsIn);
        Interlocked.Add(ref Counters.bytesIn, inner.PayloadLength);
        return new ReceiveResult(ReceiveStatus.Datagram, inner, peer);
    }

    private void ReceiveInitiation(ReadOnlySpan<byte> message, SocketAddress source)
    {
        if (!PassesCookieChecks(message, source))
        {
            return;
        }
        InitiationPrefix prefix = new();
        if (!NoiseHandshake.TryDecryptInitiator(localStatic, message, prefix))
        {
            Interlocked.Increment(ref Counters.handshakeFailures);
            return;
        }
        if (!peersByKey.TryGetValue(Convert.ToBase64String(prefix.RemoteStatic), out WireGuardPeer? peer))
        {
            // An unknown key gets no answer at all (whitepaper §5.1: silence to the unauthenticated).
            Interlocked.Increment(ref Counters.initiationsFromUnknownKeys);
            return;
        }
        switch (peer.ConsumeInitiation(message, prefix, source))
        {
            case HandshakeResult.Ok:
                break;
            case HandshakeResult.ReplayedTimestamp:
                Interlocked.Increment(ref Counters.replayedInitiations);
                break;
            default:
                Interlocked.Increment(ref Counters.handshakeFailures);
                break;
        }
    }

    private void ReceiveResponse(ReadOnlySpan<byte> message, SocketAddress source)
    {
        if (!PassesCookieChecks(message, source))
        {
            return;
        }
        if (!indices.TryGet(MessageLayout.ReadIndex(message, MessageLayout.ResponseReceiverOffset), out WireGuardPeer peer))
        {
            Interlocked.Increment(ref Counters.unknownIndex);
            return;
        }
        if (peer.ConsumeResponse(message, source) != HandshakeResult.Ok)
        {
            Interlocked.Increment(ref Counters.handshakeFailures);
        }
    }

    /// <summary>
    /// §5.3: mac1 must always be valid (else drop silently). Under load mac2 must be valid too;
    /// without it the sender gets a cookie reply and must retry.
    /// </summary>
    private bool PassesCookieChecks(ReadOnlySpan<byte> message, SocketAddress source)
    {
        if (!cookieChecker.IsMac1Valid(message))
        {
            Interlocked.Increment(ref Counters.invalidMac1);
            return false;
        }
        CountHandshakeLoad();
        ReadOnlySpan<byte> sourceAddress = source.Buffer.Span[..source.Size];
        if (!IsUnderLoad || cookieChecker.IsMac2Valid(message, sourceAddress))
        {
            return true;
        }
        lock (cookieReplyLock)
        {
            cookieChecker.CreateReply(message, sourceAddress, cookieReply);
            transmitter.Transmit(cookieReply, source);
        }
        Interlocked.Increment(ref Counters.cookieRepliesSent);
        return false;
    }

    private void CountHandshakeLoad()
    {
        long now = timeProvider.GetTimestamp();
        long second = timeProvider.TimestampFrequency;
        if (now - Volatile.Read(ref loadWindowStart) >= second)
        {
            Volatile.Write(ref loadWindowStart, now);
            Volatile.Write(ref handshakesInLoadWindow, 0);
        }
        if (Interlocked.Increment(ref handshakesInLoadWindow) > UnderLoadHandshakesPerSecond)
        {
            Volatile.Write(ref underLoadUntil, now + second);
        }
    }
}
