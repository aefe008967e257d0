using System.Security.Cryptography;
using System.Text;
using OctoMesh.Relay.WireGuard.Crypto;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// The sending side of §5.4.4/§5.4.7 for one peer: adds mac1 (keyed by the peer's public key) to
/// every handshake message, remembers the last mac1 so a cookie reply can be authenticated, and
/// adds mac2 while the peer's cookie is younger than COOKIE_REFRESH_TIME (120 s). Not
/// thread-safe: the owning <see cref="WireGuardPeer"/> serialises access.
/// </summary>
internal sealed class CookieGenerator
{
    private readonly byte[] mac1Key = new byte[32];
    private readonly byte[] cookieKey = new byte[32];
    private readonly byte[] lastMac1 = new byte[WireGuardCrypto.MacLength];
    private readonly byte[] cookie = new byte[WireGuardCrypto.MacLength];
    private readonly TimeProvider timeProvider;
    private bool hasLastMac1;
    private bool hasCookie;
    private long cookieReceived;

    public CookieGenerator(ReadOnlySpan<byte> remotePublicKey, TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        WireGuardCrypto.Hash(Encoding.ASCII.GetBytes("mac1----"), remotePublicKey, mac1Key);
        WireGuardCrypto.Hash(Encoding.ASCII.GetBytes("cookie--"), remotePublicKey, cookieKey);
    }

    /// <summary>Fills the last 32 bytes of <paramref name="message"/> (initiation or response).</summary>
    public void AddMacs(Span<byte> message)
    {
        int mac1Offset = message.Length - MessageLayout.MacsLength;
        int mac2Offset = message.Length - WireGuardCrypto.MacLength;
        Span<byte> mac1 = message.Slice(mac1Offset, WireGuardCrypto.MacLength);
        WireGuardCrypto.Mac(mac1Key, message[..mac1Offset], mac1);
        mac1.CopyTo(lastMac1);
        hasLastMac1 = true;

        Span<byte> mac2 = message[mac2Offset..];
        if (hasCookie && timeProvider.GetElapsedTime(cookieReceived) < WireGuardTimers.CookieRefreshTime)
        {
            WireGuardCrypto.Mac(cookie, message[..mac2Offset], mac2);
        }
        else
        {
            mac2.Clear();
        }
    }

    /// <summary>Decrypts a cookie reply against the mac1 we sent last; false if it does not authenticate.</summary>
    public bool ConsumeCookieReply(ReadOnlySpan<byte> reply)
    {
        if (!hasLastMac1)
        {
            return false;
        }
        Span<byte> candidate = stackalloc byte[WireGuardCrypto.MacLength];
        bool ok = WireGuardCrypto.XOpen(
            cookieKey,
            reply.Slice(MessageLayout.CookieNonceOffset, WireGuardCrypto.XAeadNonceLength),
            reply.Slice(MessageLayout.CookieEncryptedOffset, MessageLayout.CookieEncryptedLength),
            lastMac1,
            candidate);
        if (ok)
        {
            candidate.CopyTo(cookie);
            hasCookie = true;
            cookieReceived = timeProvider.GetTimestamp();
            // §5.4.7: one reply per mac1; a second copy of the same reply is ignored.
            hasLastMac1 = false;
        }
        CryptographicOperations.ZeroMemory(candidate);
        return ok;
    }
}
