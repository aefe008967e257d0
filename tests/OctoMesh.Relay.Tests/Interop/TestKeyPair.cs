using NSec.Cryptography;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>A Curve25519 key pair in wg(8)'s base64, made with NSec (the same X25519 wg genkey uses).</summary>
internal sealed record TestKeyPair(string PrivateKey, string PublicKey)
{
    public static TestKeyPair Generate()
    {
        using var key = Key.Create(
            KeyAgreementAlgorithm.X25519,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new TestKeyPair(
            Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)),
            Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }
}
