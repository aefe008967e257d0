using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace OctoMesh.Relay.WireGuard.Crypto;

/// <summary>
/// The primitives of the WireGuard whitepaper §5.4 ("Notation"), each a thin adapter over a
/// library implementation (BouncyCastle BLAKE2s and X25519, .NET ChaCha20Poly1305, NSec
/// XChaCha20Poly1305); nothing here implements a primitive by hand.
/// <list type="bullet">
/// <item>HASH(input) = BLAKE2s(input, 32)</item>
/// <item>MAC(key, input) = Keyed-BLAKE2s(key, input, 16)</item>
/// <item>HMAC(key, input) = HMAC-BLAKE2s(key, input, 32) with BLAKE2s's 64-byte block (RFC 2104)</item>
/// <item>KDF_n(key, input): τ0 = HMAC(key, input), τ1 = HMAC(τ0, 0x1), τi = HMAC(τ0, τi-1 ‖ i)</item>
/// <item>AEAD(key, counter, plain, auth): ChaCha20Poly1305 (RFC 8439), nonce = 32 zero bits ‖ 64-bit little-endian counter</item>
/// <item>XAEAD(key, nonce, plain, auth): XChaCha20Poly1305 with a 24-byte random nonce</item>
/// </list>
/// </summary>
internal static class WireGuardCrypto
{
    public const int KeyLength = 32;
    public const int HashLength = 32;
    public const int MacLength = 16;
    public const int TagLength = 16;
    public const int AeadNonceLength = 12;
    public const int XAeadNonceLength = 24;

    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        Blake2sDigest digest = new(HashLength * 8);
        digest.BlockUpdate(first);
        digest.BlockUpdate(second);
        digest.DoFinal(destination);
    }

    public static void Hash(ReadOnlySpan<byte> input, Span<byte> destination) => Hash(input, [], destination);

    /// <summary>Whitepaper §5.4.4: MAC is keyed BLAKE2s with a 16-byte output (mac1, mac2, the cookie).</summary>
    public static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> destination)
    {
        Blake2sDigest digest = new(key.ToArray(), MacLength, null, null);
        digest.BlockUpdate(input);
        digest.DoFinal(destination);
    }

    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> destination)
    {
        HMac hmac = new(new Blake2sDigest(HashLength * 8));
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(input);
        hmac.DoFinal(destination);
    }

    /// <summary>KDF with one, two or three outputs (pass empty spans for the unused ones).</summary>
    public static void Kdf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> first, Span<byte> second, Span<byte> third)
    {
        Span<byte> secret = stackalloc byte[HashLength];
        Span<byte> previous = stackalloc byte[HashLength + 1];
        Hmac(key, input, secret);

        previous[0] = 1;
        Hmac(secret, previous[..1], previous[..HashLength]);
        previous[..HashLength].CopyTo(first);
        if (!second.IsEmpty)
        {
            previous[HashLength] = 2;
            Hmac(secret, previous, previous[..HashLength]);
            previous[..HashLength].CopyTo(second);
        }
        if (!third.IsEmpty)
        {
            previous[HashLength] = 3;
            Hmac(secret, previous, previous[..HashLength]);
            previous[..HashLength].CopyTo(third);
        }
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(previous);
    }

    /// <summary>Curve25519 point multiplication (RFC 7748); false for an all-zero result (a low-order point).</summary>
    public static bool Dh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> destination) =>
        X25519.CalculateAgreement(privateKey, publicKey, destination);

    public static void PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> destination) =>
        X25519.GeneratePublicKey(privateKey, destination);

    /// <summary>A fresh private key, clamped as <c>wg genkey</c> prints it (RFC 7748 §5).</summary>
    public static void GeneratePrivateKey(Span<byte> destination)
    {
        RandomNumberGenerator.Fill(destination[..KeyLength]);
        destination[0] &= 248;
        destination[31] = (byte)((destination[31] & 127) | 64);
    }

    public static void AeadNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }

    /// <summary>AEAD with a one-off key (handshake fields); <paramref name="destination"/> = ciphertext ‖ tag.</summary>
    public static void Seal(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        using ChaCha20Poly1305 aead = new(key);
        Span<byte> nonce = stackalloc byte[AeadNonceLength];
        AeadNonce(counter, nonce);
        aead.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagLength), associatedData);
    }

    public static bool Open(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        if (sealedData.Length < TagLength)
        {
            return false;
        }
        using ChaCha20Poly1305 aead = new(key);
        Span<byte> nonce = stackalloc byte[AeadNonceLength];
        AeadNonce(counter, nonce);
        int plaintextLength = sealedData.Length - TagLength;
        try
        {
            aead.Decrypt(nonce, sealedData[..plaintextLength], sealedData[plaintextLength..], destination[..plaintextLength], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public static void XSeal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        NSec.Cryptography.AeadAlgorithm algorithm = NSec.Cryptography.AeadAlgorithm.XChaCha20Poly1305;
        using NSec.Cryptography.Key aeadKey = NSec.Cryptography.Key.Import(algorithm, key, NSec.Cryptography.KeyBlobFormat.RawSymmetricKey);
        algorithm.Encrypt(aeadKey, nonce, associatedData, plaintext, destination[..(plaintext.Length + TagLength)]);
    }

    public static bool XOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        NSec.Cryptography.AeadAlgorithm algorithm = NSec.Cryptography.AeadAlgorithm.XChaCha20Poly1305;
        using NSec.Cryptography.Key aeadKey = NSec.Cryptography.Key.Import(algorithm, key, NSec.Cryptography.KeyBlobFormat.RawSymmetricKey);
        return algorithm.Decrypt(aeadKey, nonce, associatedData, sealedData, destination[..(sealedData.Length - TagLength)]);
    }
}
