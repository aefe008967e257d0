using System.Security.Cryptography;
using NSec.Cryptography;

namespace OctoMesh.Testing.WireGuard;

/// <summary>
/// A Curve25519 key pair in wg(8)'s base64. The private key is clamped (RFC 7748 §5) as
/// <c>wg genkey</c> does, because WireGuard devices report the clamped form back over the UAPI.
/// </summary>
public sealed record TestKeyPair(string PrivateKey, string PublicKey)
{
    public static TestKeyPair Generate()
    {
        var privateKey = RandomNumberGenerator.GetBytes(32);
        privateKey[0] &= 248;
        privateKey[31] = (byte)((privateKey[31] & 127) | 64);
        using var key = Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey);
        return new TestKeyPair(
            Convert.ToBase64String(privateKey),
            Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }
}
