using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OctoMesh.Relay.Links;

namespace OctoMesh.Relay.Tests.Links;

[Trait(Tier.Name, Tier.Functional)]
public sealed class MeshIdentityTests
{
    [Fact]
    public void Generated_certificate_is_ECDSA_P256_with_its_key_and_an_uppercase_fingerprint()
    {
        using var identity = MeshTestNode.NewIdentity("eu-central");

        using var key = identity.Certificate.GetECDsaPrivateKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Matches("^[0-9A-F]{64}$", identity.CertificateSha256);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(identity.Certificate.RawData)), identity.CertificateSha256);
        Assert.Equal("eu-central", identity.ToHello().BridgeId);
    }

    [Fact]
    public void Fingerprint_matching_accepts_either_case_and_refuses_other_or_malformed_pins()
    {
        using var identity = MeshTestNode.NewIdentity("a");
        using var other = MeshTestNode.NewIdentity("b");

        Assert.True(CertificateFingerprint.Matches(identity.Certificate, identity.CertificateSha256));
        Assert.True(CertificateFingerprint.Matches(identity.Certificate, identity.CertificateSha256.ToLowerInvariant()));
        Assert.False(CertificateFingerprint.Matches(identity.Certificate, other.CertificateSha256));
        Assert.False(CertificateFingerprint.Matches(identity.Certificate, ""));
        Assert.False(CertificateFingerprint.Matches(identity.Certificate, identity.CertificateSha256[..62]));
        Assert.False(CertificateFingerprint.Matches(identity.Certificate, "ZZ" + identity.CertificateSha256[2..]));
        Assert.False(CertificateFingerprint.Matches(identity.Certificate, string.Join(':', identity.CertificateSha256.Chunk(2).Select(c => new string(c)))));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_setting_named()
    {
        var tooShortDeadline = new MeshOptions { HeartbeatInterval = TimeSpan.FromSeconds(2), HeartbeatDeadline = TimeSpan.FromSeconds(1) };
        var noQueue = new MeshOptions { OutgoingQueueCapacity = 0 };

        Assert.Equal("HeartbeatDeadline", Assert.Throws<ArgumentOutOfRangeException>(tooShortDeadline.Validate).ParamName);
        Assert.Equal("OutgoingQueueCapacity", Assert.Throws<ArgumentOutOfRangeException>(noQueue.Validate).ParamName);
        new MeshOptions().Validate();
    }
}
