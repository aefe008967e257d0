using OctoMesh.Media.Dtls;

namespace OctoMesh.Media.Tests.Dtls;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DtlsFingerprintTests
{
    private const string AbcSha256 =
        "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    [Theory]
    [InlineData(AbcSha256)]
    [InlineData("ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad")]
    [InlineData(" " + AbcSha256 + "\r\n")]
    public void TryParseSha256_AcceptsEitherCase_AndMatchesTheDigest(string text)
    {
        Span<byte> digest = stackalloc byte[DtlsFingerprint.Sha256Length];

        Assert.True(DtlsFingerprint.TryParseSha256(text, digest));
        Assert.Equal(AbcSha256, DtlsFingerprint.Format(digest));
        Assert.True(DtlsFingerprint.Matches("abc"u8, text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BA")]
    [InlineData("sha-256 " + AbcSha256)]
    [InlineData("BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15")]
    [InlineData("BA-78-16-BF-8F-01-CF-EA-41-41-40-DE-5D-AE-22-23-B0-03-61-A3-96-17-7A-9C-B4-10-FF-61-F2-00-15-AD")]
    [InlineData("BG:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD")]
    [InlineData("BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD:00")]
    public void TryParseSha256_RejectsMalformedText_WithoutThrowing(string? text)
    {
        Span<byte> digest = stackalloc byte[DtlsFingerprint.Sha256Length];

        Assert.False(DtlsFingerprint.TryParseSha256(text, digest));
        Assert.False(DtlsFingerprint.Matches("abc"u8, text));
    }

    [Fact]
    public void Matches_IsFalse_ForADifferentCertificate()
    {
        Assert.False(DtlsFingerprint.Matches("abd"u8, AbcSha256));
    }
}
