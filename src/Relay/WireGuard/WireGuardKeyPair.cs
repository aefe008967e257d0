using System.Security.Cryptography;
using OctoMesh.Relay.WireGuard.Crypto;

namespace OctoMesh.Relay.WireGuard;

/// <summary>
/// A Curve25519 static key pair, printed and parsed as base64 exactly like <c>wg genkey</c> and
/// <c>wg pubkey</c>, so keys move freely between this implementation and standard WireGuard tools.
/// </summary>
public sealed class WireGuardKeyPair
{
    private readonly byte[] privateKey;
    private readonly byte[] publicKey;

    private WireGuardKeyPair(byte[] privateKey)
    {
        this.privateKey = privateKey;
        publicKey = new byte[WireGuardCrypto.KeyLength];
        WireGuardCrypto.PublicKeyOf(privateKey, publicKey);
    }

    public static WireGuardKeyPair Generate()
    {
        byte[] key = new byte[WireGuardCrypto.KeyLength];
        WireGuardCrypto.GeneratePrivateKey(key);
        return new WireGuardKeyPair(key);
    }

    /// <summary>From a base64 private key as <c>wg genkey</c> prints it.</summary>
    public static WireGuardKeyPair FromPrivateKey(string base64PrivateKey) => FromPrivateKey(DecodeKey(base64PrivateKey));

    public static WireGuardKeyPair FromPrivateKey(ReadOnlySpan<byte> rawPrivateKey)
    {
        if (rawPrivateKey.Length != WireGuardCrypto.KeyLength)
        {
            throw new ArgumentException($"A WireGuard private key is {WireGuardCrypto.KeyLength} bytes.", nameof(rawPrivateKey));
        }
        return new WireGuardKeyPair(rawPrivateKey.ToArray());
    }

    /// <summary>Base64 private key (the output of <c>wg genkey</c>).</summary>
    public string PrivateKey => Convert.ToBase64String(privateKey);

    /// <summary>Base64 public key (the output of <c>wg pubkey</c>).</summary>
    public string PublicKey => Convert.ToBase64String(publicKey);

    internal ReadOnlySpan<byte> RawPrivateKey => privateKey;

    internal ReadOnlySpan<byte> RawPublicKey => publicKey;

    /// <summary>Decodes a base64 32-byte key (public, private or preshared) with a clear error.</summary>
    public static byte[] DecodeKey(string base64Key)
    {
        byte[] key = new byte[WireGuardCrypto.KeyLength];
        if (!Convert.TryFromBase64String(base64Key.Trim(), key, out int written) || written != WireGuardCrypto.KeyLength)
        {
            throw new FormatException("A WireGuard key is 32 bytes in base64 (44 characters), as printed by wg genkey, wg pubkey or wg genpsk.");
        }
        return key;
    }

    /// <summary>A random preshared key, like <c>wg genpsk</c>.</summary>
    public static string GeneratePresharedKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(WireGuardCrypto.KeyLength));

    public override string ToString() => PublicKey;
}
