using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// The bridge's self-signed ECDSA P-256 DTLS certificate. WebRTC does not use a PKI: the peer pins
/// this certificate by the SHA-256 fingerprint we put in <c>a=fingerprint</c> (RFC 8827 §6.5,
/// RFC 8122 §5). Create one per bridge process and share it across sessions.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>Subject and issuer common name.</summary>
    public const string CommonName = "OctoMesh";

    /// <summary>Back-dated so peers with a slow clock still accept it.</summary>
    public static readonly TimeSpan ValidBefore = TimeSpan.FromDays(30);

    /// <summary>How long the certificate stays valid after creation.</summary>
    public static readonly TimeSpan ValidAfter = TimeSpan.FromDays(365);

    private readonly byte[] _derEncoded;

    private DtlsCertificate(byte[] derEncoded, AsymmetricKeyParameter privateKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _derEncoded = derEncoded;
        PrivateKey = privateKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Sha256Fingerprint = ComputeSha256Fingerprint(derEncoded);
    }

    /// <summary>"AB:CD:..." uppercase hex with colons, for <c>a=fingerprint:sha-256</c>.</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>Start of the validity period.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of the validity period.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The X.509 certificate, DER-encoded.</summary>
    public ReadOnlySpan<byte> DerEncoded => _derEncoded;

    /// <summary>The private key in BouncyCastle form, for the TLS signer.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The DER bytes as an array BouncyCastle can wrap; callers must not modify it.</summary>
    internal byte[] DerArray => _derEncoded;

    /// <summary>Generates a fresh P-256 key and a self-signed certificate (CN=OctoMesh, ecdsa-with-SHA256).</summary>
    public static DtlsCertificate CreateSelfSigned()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CommonName}", key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now - ValidBefore, now + ValidAfter);

        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            AsymmetricKeyParameter privateKey = PrivateKeyFactory.CreateKey(pkcs8);
            return new DtlsCertificate(certificate.RawData, privateKey, certificate.NotBefore, certificate.NotAfter);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>SHA-256 over the DER certificate, formatted as for <c>a=fingerprint:sha-256</c>.</summary>
    public static string ComputeSha256Fingerprint(ReadOnlySpan<byte> derCertificate) =>
        DtlsFingerprint.ComputeSha256(derCertificate);
}
