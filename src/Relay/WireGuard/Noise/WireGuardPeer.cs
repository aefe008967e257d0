using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OctoMesh.Relay.WireGuard.Crypto;
using OctoMesh.Relay.WireGuard.Ip;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// One peer's protocol state machine, in the manner of boringtun's <c>Tunn</c>: handshake, the
/// current/previous/next keypairs, the queue of packets waiting for a session, the endpoint
/// (which roams) and the timers of whitepaper §6. Bytes and time in, datagrams out through an
/// <see cref="IWireGuardTransmitter"/>; it never touches a socket. Thread-safe: one lock guards
/// the state; sealing and opening run under the keypair's own per-direction locks.
/// </summary>
internal sealed partial class WireGuardPeer
{
    public const int MaxStagedPackets = 128;
    public const int MaxMessageLength = MessageLayout.TransportHeaderSize + Ipv4UdpPacket.MaxPacketLength + MessageLayout.PaddingMultiple + WireGuardCrypto.TagLength;

    private readonly Lock gate = new();
    private readonly NoiseHandshake handshake;
    private readonly CookieGenerator cookies;
    private readonly IndexTable indices;
    private readonly IWireGuardTransmitter transmitter;
    private readonly WireGuardCounters counters;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly byte[] transmitBuffer = new byte[MaxMessageLength];
    private readonly Queue<StagedPacket> staged = new();
    private readonly long origin;

    private TransportKeypair? current;
    private TransportKeypair? previous;
    private TransportKeypair? next;
    private SocketAddress? endpoint;
    private uint? pendingHandshakeIndex;
    private bool removed;

    public WireGuardPeer(
        WireGuardKeyPair localStatic,
        WireGuardPeerConfig config,
        IndexTable indices,
        IWireGuardTransmitter transmitter,
        WireGuardCounters counters,
        TimeProvider timeProvider,
        ILogger logger)
    {
        PublicKey = Convert.ToBase64String(WireGuardKeyPair.DecodeKey(config.PublicKey));
        byte[] presharedKey = config.PresharedKey is null ? new byte[32] : WireGuardKeyPair.DecodeKey(config.PresharedKey);
        byte[] remoteStatic = WireGuardKeyPair.DecodeKey(config.PublicKey);
        handshake = new NoiseHandshake(localStatic, remoteStatic, presharedKey);
        CryptographicOperations.ZeroMemory(presharedKey);
        cookies = new CookieGenerator(remoteStatic, timeProvider);
        OverlayAddress = Ipv4UdpPacket.ToUInt32(config.OverlayAddress);
        OverlayIPAddress = config.OverlayAddress;
        PersistentKeepalive = config.PersistentKeepalive is { } interval && interval > TimeSpan.Zero ? interval : null;
        endpoint = config.Endpoint?.Serialize();
        this.indices = indices;
        this.transmitter = transmitter;
        this.counters = counters;
        this.timeProvider = timeProvider;
        this.logger = logger;
        origin = timeProvider.GetTimestamp();
    }

    public string PublicKey { get; }

    public uint OverlayAddress { get; }

    /// <summary>The same address as an object, handed to receive callbacks without allocating.</summary>
    public IPAddress OverlayIPAddress { get; }

    public TimeSpan? PersistentKeepalive { get; }

    /// <summary>When the last handshake completed (wall clock), or null.</summary>
    public DateTimeOffset? LastHandshake { get; private set; }

    public SocketAddress? Endpoint
    {
        get
        {
            lock (gate)
            {
                return endpoint;
            }
        }
    }

    /// <summary>Monotonic time since the peer was created; all timer arithmetic uses it.</summary>
    private TimeSpan Now => timeProvider.GetElapsedTime(origin);

    /// <summary>
    /// Sends one IP packet: sealed at once when a session is usable, otherwise queued (bounded;
    /// the oldest is dropped) and a handshake started. Returns false only after removal.
    /// </summary>
    public bool SendPacket(ReadOnlySpan<byte> packet)
    {
        lock (gate)
        {
            if (removed)
            {
                return false;
            }
            if (staged.Count == 0 && IsUsableForSending(current) && endpoint is not null)
            {
                SealAndTransmit(current!, packet);
                KeepKeyFreshSending();
                return true;
            }
            Stage(packet);
            SendStagedPackets();
            return true;
        }
    }

    /// <summary>Forgets every session and queued packet and releases the peer's indices (RemovePeer).</summary>
    public void Remove()
    {
        lock (gate)
        {
            removed = true;
            ZeroKeyMaterial();
            DropStaged();
        }
    }

    private bool IsUsableForSending(TransportKeypair? keypair) =>
        keypair is not null
        && keypair.SendCounter < WireGuardTimers.RejectAfterMessages
        && timeProvider.GetElapsedTime(keypair.CreatedTimestamp) < WireGuardTimers.RejectAfterTime;

    private void SealAndTransmit(TransportKeypair keypair, ReadOnlySpan<byte> packet)
    {
        int length = keypair.Seal(packet, transmitBuffer);
        if (length == 0)
        {
            return;
        }
        OnAnyAuthenticatedPacketTraversal();
        OnAnyAuthenticatedPacketSent();
        transmitter.Transmit(transmitBuffer.AsSpan(0, length), endpoint!);
        if (packet.IsEmpty)
        {
            Interlocked.Increment(ref counters.keepalivesSent);
        }
        else
        {
            OnDataSent();
            Interlocked.Increment(ref counters.packetsOut);
            Interlocked.Add(ref counters.bytesOut, Math.Max(0, packet.Length - Ipv4UdpPacket.HeadersLength));
        }
    }

    private void Stage(ReadOnlySpan<byte> packet)
    {
        if (staged.Count >= MaxStagedPackets)
        {
            // Like wireguard-go's staged queue: the newest packets are the most useful ones.
            StagedPacket oldest = staged.Dequeue();
            ArrayPool<byte>.Shared.Return(oldest.Buffer);
            Interlocked.Increment(ref counters.queueDrops);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(packet.Length, 1));
        packet.CopyTo(buffer);
        staged.Enqueue(new StagedPacket(buffer, packet.Length));
    }

    /// <summary>Flushes the queue through the current session, or starts a handshake when there is none (wireguard-go SendStagedPackets).</summary>
    private void SendStagedPackets()
    {
        if (staged.Count == 0)
        {
            return;
        }
        if (!IsUsableForSending(current) || endpoint is null)
        {
            SendHandshakeInitiation(isRetry: false);
            return;
        }
        while (staged.TryDequeue(out StagedPacket packet))
        {
            SealAndTransmit(current!, packet.Buffer.AsSpan(0, packet.Length));
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
        KeepKeyFreshSending();
    }

    /// <summary>A keepalive is an empty transport message (whitepaper §6.5).</summary>
    private void SendKeepalive()
    {
        if (staged.Count == 0)
        {
            Stage([]);
        }
        SendStagedPackets();
    }

    private void DropStaged()
    {
        while (staged.TryDequeue(out StagedPacket packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
            if (packet.Length > 0)
            {
                Interlocked.Increment(ref counters.queueDrops);
            }
        }
    }

    /// <summary>
    /// Installs a fresh session (wireguard-go BeginSymmetricSession): the initiator uses it at once
    /// and keeps the old current as previous; the responder parks it as next until the initiator's
    /// first transport message confirms it (whitepaper §5.4.5/§6.1).
    /// </summary>
    private void BeginSession(TransportKeypair keypair)
    {
        if (keypair.IsInitiator)
        {
            if (next is not null)
            {
                Retire(previous);
                previous = next;
                next = null;
                Retire(current);
            }
            else
            {
                Retire(previous);
                previous = current;
            }
            current = keypair;
        }
        else
        {
            Retire(next);
            next = keypair;
            Retire(previous);
            previous = null;
        }
    }

    /// <summary>The first message under <c>next</c> confirms it: it becomes current.</summary>
    private bool PromoteNext(TransportKeypair keypair)
    {
        if (keypair != next)
        {
            return false;
        }
        Retire(previous);
        previous = current;
        current = next;
        next = null;
        return true;
    }

    private void ZeroKeyMaterial()
    {
        Retire(previous);
        Retire(current);
        Retire(next);
        previous = current = next = null;
        if (pendingHandshakeIndex is { } index)
        {
            indices.Remove(index);
            pendingHandshakeIndex = null;
        }
        handshake.Clear();
    }

    private void Retire(TransportKeypair? keypair)
    {
        if (keypair is not null)
        {
            indices.Remove(keypair.LocalIndex);
            keypair.Dispose();
        }
    }

    private readonly record struct StagedPacket(byte[] Buffer, int Length);
}
