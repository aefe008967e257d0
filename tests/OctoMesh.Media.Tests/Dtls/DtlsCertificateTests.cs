using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using OctoMesh.Media.Dtls;

namespace OctoMesh.Media.Tests.Dtls;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DtlsCertificateTests
{
    private static readonly Regex Sha256FingerprintFormat = new("^([0-9A-F]{2}:){31}[0-9A-F]{2}$");

    [Fact]
    public void Fingerprint_IsUppercaseColonSeparatedSha256OfTheDer()
    {
        DtlsCertificate certificate = DtlsCertificate.CreateSelfSigned();

        string expected = string.Join(':', SHA256.HashData(certificate.DerEncoded).Select(b => b.ToString("X2")));

        Assert.Matches(Sha256FingerprintFormat, certificate.Sha256Fingerprint);
        Assert.Equal(expected, certificate.Sha256Fingerprint);
        Assert.Equal(expected, DtlsCertificate.ComputeSha256Fingerprint(certificate.DerEncoded));
    }

    [Fact]
    public void Certificate_IsSelfSignedEcdsaP256_NamedOctoMesh_ValidFromLastMonthForAYear()
    {
        DtlsCertificate certificate = DtlsCertificate.CreateSelfSigned();
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoded.ToArray());
        using ECDsa? publicKey = parsed.GetECDsaPublicKey();
        DateTime now = DateTime.UtcNow;

        Assert.Equal("CN=OctoMesh", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.NotNull(publicKey);
        Assert.Equal(256, publicKey.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.InRange(parsed.NotBefore.ToUniversalTime(), now.AddDays(-31), now.AddDays(-29));
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), now.AddDays(364), now.AddDays(366));
    }

    [Fact]
    public void EachCall_CreatesADifferentKeyAndFingerprint()
    {
        Assert.NotEqual(DtlsCertificate.CreateSelfSigned().Sha256Fingerprint, DtlsCertificate.CreateSelfSigned().Sha256Fingerprint);
    }

    [Fact]
    public void ComputeSha256Fingerprint_MatchesFips180Vector()
    {
        // FIPS 180-2 Appendix B.1: SHA-256("abc").
        string fingerprint = DtlsCertificate.ComputeSha256Fingerprint("abc"u8);

        Assert.Equal(
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
            fingerprint);
    }
}
