using System.Security.Cryptography;
using System.Text;
using OctoMesh.Relay.WireGuard.Crypto;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// The receiving side of WireGuard's DoS mitigation (whitepaper §5.3, §5.4.4, §5.4.7): checks mac1
/// of every handshake message (keyed by our public key, so only senders who know it get a
/// reaction), and under load demands mac2, a MAC over the message keyed by a cookie bound to the
/// sender's address. Without a valid mac2 the message is answered with an encrypted cookie reply.
/// <code>
/// mac1   = MAC(HASH("mac1----" ‖ S_pub_m), msg up to mac1)
/// cookie = MAC(R_m, A_m)    R_m: random secret replaced every 2 minutes, A_m: source IP and port
/// mac2   = MAC(cookie, msg up to mac2)
/// reply  = XAEAD(HASH("cookie--" ‖ S_pub_m), nonce, cookie, mac1 of the message answered)
/// </code>
/// Thread-safe.
/// </summary>
internal sealed class CookieChecker
{
    private readonly byte[] mac1Key = new byte[32];
    private readonly byte[] cookieKey = new byte[32];
    private readonly byte[] secret = new byte[32];
    private readonly TimeProvider timeProvider;
    private readonly Lock secretLock = new();
    private long secretCreated;

    public CookieChecker(ReadOnlySpan<byte> localPublicKey, TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        WireGuardCrypto.Hash(Encoding.ASCII.GetBytes("mac1----"), localPublicKey, mac1Key);
        WireGuardCrypto.Hash(Encoding.ASCII.GetBytes("cookie--"), localPublicKey, cookieKey);
        RandomNumberGenerator.Fill(secret);
        secretCreated = timeProvider.GetTimestamp();
    }

    public bool IsMac1Valid(ReadOnlySpan<byte> message)
    {
        int mac1Offset = message.Length - MessageLayout.MacsLength;
        Span<byte> expected = stackalloc byte[WireGuardCrypto.MacLength];
        WireGuardCrypto.Mac(mac1Key, message[..mac1Offset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, message.Slice(mac1Offset, WireGuardCrypto.MacLength));
    }

    public bool IsMac2Valid(ReadOnlySpan<byte> message, ReadOnlySpan<byte> sourceAddress)
    {
        int mac2Offset = message.Length - WireGuardCrypto.MacLength;
        Span<byte> cookie = stackalloc byte[WireGuardCrypto.MacLength];
        Span<byte> expected = stackalloc byte[WireGuardCrypto.MacLength];
        CurrentCookie(sourceAddress, cookie);
        WireGuardCrypto.Mac(cookie, message[..mac2Offset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, message[mac2Offset..]);
    }

    /// <summary>Writes a 64-byte cookie reply to <paramref name="message"/> (an initiation or response).</summary>
    public void CreateReply(ReadOnlySpan<byte> message, ReadOnlySpan<byte> sourceAddress, Span<byte> reply)
    {
        uint senderIndex = MessageLayout.ReadIndex(message, 4);
        ReadOnlySpan<byte> mac1 = message.Slice(message.Length - MessageLayout.MacsLength, WireGuardCrypto.MacLength);
        Span<byte> cookie = stackalloc byte[WireGuardCrypto.MacLength];
        CurrentCookie(sourceAddress, cookie);

        reply[..MessageLayout.CookieReplySize].Clear();
        MessageLayout.WriteType(reply, MessageLayout.CookieReplyType);
        MessageLayout.WriteIndex(reply, MessageLayout.CookieReceiverOffset, senderIndex);
        Span<byte> nonce = reply.Slice(MessageLayout.CookieNonceOffset, WireGuardCrypto.XAeadNonceLength);
        RandomNumberGenerator.Fill(nonce);
        WireGuardCrypto.XSeal(cookieKey, nonce, cookie, mac1, reply.Slice(MessageLayout.CookieEncryptedOffset, MessageLayout.CookieEncryptedLength));
        CryptographicOperations.ZeroMemory(cookie);
    }

    private void CurrentCookie(ReadOnlySpan<byte> sourceAddress, Span<byte> cookie)
    {
        lock (secretLock)
        {
            if (timeProvider.GetElapsedTime(secretCreated) >= WireGuardTimers.CookieRefreshTime)
            {
                RandomNumberGenerator.Fill(secret);
                secretCreated = timeProvider.GetTimestamp();
            }
            WireGuardCrypto.Mac(secret, sourceAddress, cookie);
        }
    }
}
