using System.Buffers.Binary;
using System.Security.Cryptography;
using OctoMesh.Relay.WireGuard.Crypto;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// The symmetric session one handshake produces (whitepaper §5.4.5-§5.4.6): a sending and a
/// receiving ChaCha20Poly1305 key, the 64-bit sending counter, the receiving replay window and
/// both indices. Sealing and opening work in caller-supplied buffers and allocate nothing.
/// Sending and receiving may run on different threads; each direction is serialised by its own lock.
/// </summary>
internal sealed class TransportKeypair : IDisposable
{
    private readonly ChaCha20Poly1305 sendAead;
    private readonly ChaCha20Poly1305 receiveAead;
    private readonly ReplayWindow replayWindow = new();
    private readonly Lock sendLock = new();
    private readonly Lock receiveLock = new();
    private ulong sendCounter;
    private bool disposed;

    public TransportKeypair(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey, uint localIndex, uint remoteIndex, bool isInitiator, long createdTimestamp)
    {
        sendAead = new ChaCha20Poly1305(sendKey);
        receiveAead = new ChaCha20Poly1305(receiveKey);
        LocalIndex = localIndex;
        RemoteIndex = remoteIndex;
        IsInitiator = isInitiator;
        CreatedTimestamp = createdTimestamp;
    }

    public uint LocalIndex { get; }

    public uint RemoteIndex { get; }

    /// <summary>Only the initiator's side rekeys on age (whitepaper §6.2), so both ends do not race.</summary>
    public bool IsInitiator { get; }

    /// <summary>When the keypair was derived, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long CreatedTimestamp { get; }

    public ulong SendCounter => Volatile.Read(ref sendCounter);

    /// <summary>
    /// Writes a type 4 message: header, then <paramref name="plaintext"/> zero-padded to a multiple of
    /// 16 and sealed with nonce = counter. Returns the bytes written, 0 when the counter is exhausted.
    /// <code>
    /// 0       4          8                 16
    /// | 4 0 0 0 | receiver | counter (LE64) | AEAD(T_send, counter, padded packet, ε) ... | tag 16 |
    /// </code>
    /// </summary>
    public int Seal(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int paddedLength = MessageLayout.PaddedLength(plaintext.Length);
        int size = MessageLayout.TransportHeaderSize + paddedLength + WireGuardCrypto.TagLength;
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination needs {size} bytes.", nameof(destination));
        }
        Span<byte> nonce = stackalloc byte[WireGuardCrypto.AeadNonceLength];
        Span<byte> body = destination.Slice(MessageLayout.TransportHeaderSize, paddedLength);
        plaintext.CopyTo(body);
        body[plaintext.Length..].Clear();
        lock (sendLock)
        {
            if (disposed || sendCounter >= WireGuardTimers.RejectAfterMessages)
            {
                return 0;
            }
            ulong counter = sendCounter++;
            MessageLayout.WriteType(destination, MessageLayout.TransportType);
            MessageLayout.WriteIndex(destination, MessageLayout.TransportReceiverOffset, RemoteIndex);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[MessageLayout.TransportCounterOffset..], counter);
            WireGuardCrypto.AeadNonce(counter, nonce);
            sendAead.Encrypt(nonce, body, body, destination.Slice(MessageLayout.TransportHeaderSize + paddedLength, WireGuardCrypto.TagLength));
        }
        return size;
    }

    /// <summary>
    /// Opens a type 4 message into <paramref name="destination"/> (padding included; the IP header
    /// says how much is packet). The replay window is consulted only after the tag verified.
    /// </summary>
    public TransportOpenResult Open(ReadOnlySpan<byte> message, Span<byte> destination, out int written)
    {
        written = 0;
        int length = message.Length - MessageLayout.TransportHeaderSize - WireGuardCrypto.TagLength;
        if (destination.Length < length)
        {
            return TransportOpenResult.DestinationTooSmall;
        }
        ulong counter = BinaryPrimitives.ReadUInt64LittleEndian(message[MessageLayout.TransportCounterOffset..]);
        if (counter >= WireGuardTimers.RejectAfterMessages)
        {
            return TransportOpenResult.Expired;
        }
        Span<byte> nonce = stackalloc byte[WireGuardCrypto.AeadNonceLength];
        WireGuardCrypto.AeadNonce(counter, nonce);
        lock (receiveLock)
        {
            if (disposed)
            {
                return TransportOpenResult.Expired;
            }
            try
            {
                receiveAead.Decrypt(
                    nonce,
                    message.Slice(MessageLayout.TransportHeaderSize, length),
                    message.Slice(MessageLayout.TransportHeaderSize + length, WireGuardCrypto.TagLength),
                    destination[..length]);
            }
            catch (AuthenticationTagMismatchException)
            {
                return TransportOpenResult.DecryptionFailed;
            }
            if (replayWindow.TryAccept(counter) != ReplayCheck.Accepted)
            {
                return TransportOpenResult.Replayed;
            }
        }
        written = length;
        return TransportOpenResult.Ok;
    }

    public void Dispose()
    {
        lock (sendLock)
        {
            lock (receiveLock)
            {
                disposed = true;
                sendAead.Dispose();
                receiveAead.Dispose();
            }
        }
    }
}
