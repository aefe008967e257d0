using System.Security.Cryptography;
using System.Text;
using OctoMesh.Relay.WireGuard.Crypto;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// One peer's Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s handshake (whitepaper §5.4.2-§5.4.3,
/// https://www.wireguard.com/protocol/). Bytes in, bytes and keys out; no sockets, no clock
/// (the caller passes the timestamp and handles timers). Not thread-safe: the owning
/// <see cref="WireGuardPeer"/> serialises access.
/// </summary>
internal sealed class NoiseHandshake
{
    private const string Construction = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
    private const string Identifier = "WireGuard v1 zx2c4 Jason@zx2c4.com";

    /// <summary>C_i = HASH(CONSTRUCTION)</summary>
    internal static readonly byte[] InitialChainingKey = HashOf(Encoding.ASCII.GetBytes(Construction), []);

    /// <summary>H_i = HASH(C_i ‖ IDENTIFIER)</summary>
    internal static readonly byte[] InitialHash = HashOf(InitialChainingKey, Encoding.ASCII.GetBytes(Identifier));

    private readonly WireGuardKeyPair localStatic;
    private readonly byte[] remoteStatic;
    private readonly byte[] presharedKey;
    private readonly byte[] staticStatic = new byte[32];
    private readonly bool staticStaticValid;

    private readonly byte[] chainingKey = new byte[32];
    private readonly byte[] hash = new byte[32];
    private readonly byte[] localEphemeral = new byte[32];
    private readonly byte[] remoteEphemeral = new byte[32];
    private readonly byte[] latestTimestamp = new byte[Tai64N.Length];
    private State state;

    public NoiseHandshake(WireGuardKeyPair localStatic, ReadOnlySpan<byte> remoteStatic, ReadOnlySpan<byte> presharedKey)
    {
        this.localStatic = localStatic;
        this.remoteStatic = remoteStatic.ToArray();
        this.presharedKey = presharedKey.IsEmpty ? new byte[32] : presharedKey.ToArray();
        // Whitepaper §5.4.2: DH(S_priv_i, S_pub_r) never changes, so it is computed once per peer.
        staticStaticValid = WireGuardCrypto.Dh(localStatic.RawPrivateKey, remoteStatic, staticStatic);
    }

    private enum State
    {
        None,
        InitiationCreated,
        InitiationConsumed,
    }

    public ReadOnlySpan<byte> RemoteStatic => remoteStatic;

    /// <summary>Our sender index of the initiation in flight, valid while <see cref="IsAwaitingResponse"/>.</summary>
    public uint LocalIndex { get; private set; }

    /// <summary>The peer's sender index from the initiation we consumed or the response we consumed.</summary>
    public uint RemoteIndex { get; private set; }

    public bool IsAwaitingResponse => state == State.InitiationCreated;

    public bool HasConsumedInitiation => state == State.InitiationConsumed;

    /// <summary>
    /// Writes an initiation without its macs (bytes 0..116 of 148); the caller adds mac1/mac2.
    /// <code>
    /// msg.ephemeral = E_pub_i;            C = KDF1(C, E_pub_i); H = HASH(H ‖ E_pub_i)
    /// (C, k) = KDF2(C, DH(E_priv_i, S_pub_r));  msg.static = AEAD(k, 0, S_pub_i, H); H = HASH(H ‖ msg.static)
    /// (C, k) = KDF2(C, DH(S_priv_i, S_pub_r));  msg.timestamp = AEAD(k, 0, TAI64N, H); H = HASH(H ‖ msg.timestamp)
    /// </code>
    /// </summary>
    public HandshakeResult CreateInitiation(uint localIndex, DateTimeOffset now, Span<byte> message)
    {
        if (!staticStaticValid)
        {
            return HandshakeResult.InvalidKey;
        }
        Span<byte> key = stackalloc byte[32];
        Span<byte> sharedSecret = stackalloc byte[32];
        Span<byte> timestamp = stackalloc byte[Tai64N.Length];

        InitialChainingKey.CopyTo(chainingKey);
        WireGuardCrypto.Hash(InitialHash, remoteStatic, hash);
        WireGuardCrypto.GeneratePrivateKey(localEphemeral);

        message[..MessageLayout.InitiationSize].Clear();
        MessageLayout.WriteType(message, MessageLayout.InitiationType);
        MessageLayout.WriteIndex(message, MessageLayout.InitiationSenderOffset, localIndex);
        Span<byte> ephemeralPublic = message.Slice(MessageLayout.InitiationEphemeralOffset, 32);
        WireGuardCrypto.PublicKeyOf(localEphemeral, ephemeralPublic);
        MixKey(ephemeralPublic, []);
        MixHash(ephemeralPublic);

        if (!WireGuardCrypto.Dh(localEphemeral, remoteStatic, sharedSecret))
        {
            return HandshakeResult.InvalidKey;
        }
        MixKey(sharedSecret, key);
        Span<byte> encryptedStatic = message.Slice(MessageLayout.InitiationStaticOffset, MessageLayout.InitiationStaticLength);
        WireGuardCrypto.Seal(key, 0, localStatic.RawPublicKey, hash, encryptedStatic);
        MixHash(encryptedStatic);

        MixKey(staticStatic, key);
        Tai64N.Write(now, timestamp);
        Span<byte> encryptedTimestamp = message.Slice(MessageLayout.InitiationTimestampOffset, MessageLayout.InitiationTimestampLength);
        WireGuardCrypto.Seal(key, 0, timestamp, hash, encryptedTimestamp);
        MixHash(encryptedTimestamp);

        LocalIndex = localIndex;
        state = State.InitiationCreated;
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(sharedSecret);
        return HandshakeResult.Ok;
    }

    /// <summary>
    /// The responder's first half of consuming an initiation, before the peer is known:
    /// decrypts msg.static with DH(S_priv_r, E_pub_i). The message's macs were checked already.
    /// </summary>
    public static bool TryDecryptInitiator(WireGuardKeyPair local, ReadOnlySpan<byte> message, InitiationPrefix prefix)
    {
        Span<byte> key = stackalloc byte[32];
        Span<byte> sharedSecret = stackalloc byte[32];
        InitialChainingKey.CopyTo(prefix.ChainingKey);
        WireGuardCrypto.Hash(InitialHash, local.RawPublicKey, prefix.Hash);

        ReadOnlySpan<byte> ephemeral = message.Slice(MessageLayout.InitiationEphemeralOffset, 32);
        ephemeral.CopyTo(prefix.RemoteEphemeral);
        WireGuardCrypto.Kdf(prefix.ChainingKey, ephemeral, prefix.ChainingKey, [], []);
        WireGuardCrypto.Hash(prefix.Hash, ephemeral, prefix.Hash);

        bool ok = WireGuardCrypto.Dh(local.RawPrivateKey, ephemeral, sharedSecret);
        if (ok)
        {
            WireGuardCrypto.Kdf(prefix.ChainingKey, sharedSecret, prefix.ChainingKey, key, []);
            ReadOnlySpan<byte> encryptedStatic = message.Slice(MessageLayout.InitiationStaticOffset, MessageLayout.InitiationStaticLength);
            ok = WireGuardCrypto.Open(key, 0, encryptedStatic, prefix.Hash, prefix.RemoteStatic);
            WireGuardCrypto.Hash(prefix.Hash, encryptedStatic, prefix.Hash);
        }
        prefix.SenderIndex = MessageLayout.ReadIndex(message, MessageLayout.InitiationSenderOffset);
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(sharedSecret);
        return ok;
    }

    /// <summary>
    /// The responder's second half: decrypts the timestamp with the static-static key and accepts it
    /// only if it is later than every initiation accepted from this peer before (replay protection).
    /// </summary>
    public HandshakeResult ConsumeInitiation(ReadOnlySpan<byte> message, InitiationPrefix prefix)
    {
        if (!staticStaticValid)
        {
            return HandshakeResult.InvalidKey;
        }
        Span<byte> key = stackalloc byte[32];
        Span<byte> candidateChainingKey = stackalloc byte[32];
        Span<byte> candidateHash = stackalloc byte[32];
        Span<byte> timestamp = stackalloc byte[Tai64N.Length];

        WireGuardCrypto.Kdf(prefix.ChainingKey, staticStatic, candidateChainingKey, key, []);
        ReadOnlySpan<byte> encryptedTimestamp = message.Slice(MessageLayout.InitiationTimestampOffset, MessageLayout.InitiationTimestampLength);
        bool opened = WireGuardCrypto.Open(key, 0, encryptedTimestamp, prefix.Hash, timestamp);
        CryptographicOperations.ZeroMemory(key);
        if (!opened)
        {
            return HandshakeResult.DecryptionFailed;
        }
        if (!Tai64N.IsAfter(timestamp, latestTimestamp))
        {
            return HandshakeResult.ReplayedTimestamp;
        }
        WireGuardCrypto.Hash(prefix.Hash, encryptedTimestamp, candidateHash);

        timestamp.CopyTo(latestTimestamp);
        candidateChainingKey.CopyTo(chainingKey);
        candidateHash.CopyTo(hash);
        prefix.RemoteEphemeral.CopyTo(remoteEphemeral);
        RemoteIndex = prefix.SenderIndex;
        state = State.InitiationConsumed;
        return HandshakeResult.Ok;
    }

    /// <summary>
    /// Writes a response without macs (bytes 0..60 of 92) and derives the transport keys.
    /// <code>
    /// msg.ephemeral = E_pub_r;  C = KDF1(C, E_pub_r); H = HASH(H ‖ E_pub_r)
    /// C = KDF1(C, DH(E_priv_r, E_pub_i));  C = KDF1(C, DH(E_priv_r, S_pub_i))
    /// (C, τ, k) = KDF3(C, Q); H = HASH(H ‖ τ); msg.empty = AEAD(k, 0, ε, H); H = HASH(H ‖ msg.empty)
    /// (T_recv_r, T_send_r) = KDF2(C, ε)
    /// </code>
    /// </summary>
    public HandshakeResult CreateResponse(uint localIndex, Span<byte> message, Span<byte> sendKey, Span<byte> receiveKey)
    {
        if (state != State.InitiationConsumed)
        {
            return HandshakeResult.UnexpectedMessage;
        }
        Span<byte> key = stackalloc byte[32];
        Span<byte> sharedSecret = stackalloc byte[32];
        Span<byte> tau = stackalloc byte[32];

        WireGuardCrypto.GeneratePrivateKey(localEphemeral);
        message[..MessageLayout.ResponseSize].Clear();
        MessageLayout.WriteType(message, MessageLayout.ResponseType);
        MessageLayout.WriteIndex(message, MessageLayout.ResponseSenderOffset, localIndex);
        MessageLayout.WriteIndex(message, MessageLayout.ResponseReceiverOffset, RemoteIndex);
        Span<byte> ephemeralPublic = message.Slice(MessageLayout.ResponseEphemeralOffset, 32);
        WireGuardCrypto.PublicKeyOf(localEphemeral, ephemeralPublic);
        MixKey(ephemeralPublic, []);
        MixHash(ephemeralPublic);

        bool ok = WireGuardCrypto.Dh(localEphemeral, remoteEphemeral, sharedSecret);
        MixKey(sharedSecret, []);
        ok &= WireGuardCrypto.Dh(localEphemeral, remoteStatic, sharedSecret);
        MixKey(sharedSecret, []);
        WireGuardCrypto.Kdf(chainingKey, presharedKey, chainingKey, tau, key);
        MixHash(tau);
        Span<byte> empty = message.Slice(MessageLayout.ResponseEmptyOffset, MessageLayout.ResponseEmptyLength);
        WireGuardCrypto.Seal(key, 0, [], hash, empty);
        MixHash(empty);
        WireGuardCrypto.Kdf(chainingKey, [], receiveKey, sendKey, []);

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(sharedSecret);
        CryptographicOperations.ZeroMemory(tau);
        Clear();
        return ok ? HandshakeResult.Ok : HandshakeResult.InvalidKey;
    }

    /// <summary>The initiator consumes the response (macs checked by the caller) and derives (T_send_i, T_recv_i) = KDF2(C, ε).</summary>
    public HandshakeResult ConsumeResponse(ReadOnlySpan<byte> message, Span<byte> sendKey, Span<byte> receiveKey)
    {
        if (state != State.InitiationCreated
            || MessageLayout.ReadIndex(message, MessageLayout.ResponseReceiverOffset) != LocalIndex)
        {
            return HandshakeResult.UnexpectedMessage;
        }
        Span<byte> key = stackalloc byte[32];
        Span<byte> sharedSecret = stackalloc byte[32];
        Span<byte> tau = stackalloc byte[32];
        Span<byte> candidateChainingKey = stackalloc byte[32];
        Span<byte> candidateHash = stackalloc byte[32];

        ReadOnlySpan<byte> ephemeral = message.Slice(MessageLayout.ResponseEphemeralOffset, 32);
        WireGuardCrypto.Kdf(chainingKey, ephemeral, candidateChainingKey, [], []);
        WireGuardCrypto.Hash(hash, ephemeral, candidateHash);
        bool ok = WireGuardCrypto.Dh(localEphemeral, ephemeral, sharedSecret);
        WireGuardCrypto.Kdf(candidateChainingKey, sharedSecret, candidateChainingKey, [], []);
        ok &= WireGuardCrypto.Dh(localStatic.RawPrivateKey, ephemeral, sharedSecret);
        WireGuardCrypto.Kdf(candidateChainingKey, sharedSecret, candidateChainingKey, [], []);
        WireGuardCrypto.Kdf(candidateChainingKey, presharedKey, candidateChainingKey, tau, key);
        WireGuardCrypto.Hash(candidateHash, tau, candidateHash);
        ReadOnlySpan<byte> empty = message.Slice(MessageLayout.ResponseEmptyOffset, MessageLayout.ResponseEmptyLength);
        ok = ok && WireGuardCrypto.Open(key, 0, empty, candidateHash, []);

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(sharedSecret);
        CryptographicOperations.ZeroMemory(tau);
        if (!ok)
        {
            return HandshakeResult.DecryptionFailed;
        }
        WireGuardCrypto.Kdf(candidateChainingKey, [], sendKey, receiveKey, []);
        RemoteIndex = MessageLayout.ReadIndex(message, MessageLayout.ResponseSenderOffset);
        Clear();
        return HandshakeResult.Ok;
    }

    /// <summary>Forgets the handshake in flight (ephemeral secrets wiped); the timestamp high-water mark stays.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(chainingKey);
        CryptographicOperations.ZeroMemory(hash);
        CryptographicOperations.ZeroMemory(localEphemeral);
        CryptographicOperations.ZeroMemory(remoteEphemeral);
        state = State.None;
    }

    private void MixKey(ReadOnlySpan<byte> input, Span<byte> key) => WireGuardCrypto.Kdf(chainingKey, input, chainingKey, key, []);

    private void MixHash(ReadOnlySpan<byte> input) => WireGuardCrypto.Hash(hash, input, hash);

    private static byte[] HashOf(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        byte[] result = new byte[32];
        WireGuardCrypto.Hash(first, second, result);
        return result;
    }
}
