using OctoMesh.Media.Dtls;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Tests.Dtls;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DtlsSrtpKeyMaterialTests
{
    [Theory]
    [InlineData(new[] { 0x0001, 0x0007 }, SrtpProfile.AeadAes128Gcm)]
    [InlineData(new[] { 0x0007, 0x0001 }, SrtpProfile.AeadAes128Gcm)]
    [InlineData(new[] { 0x0002, 0x0001 }, SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(new[] { 0x0008, 0x0007 }, SrtpProfile.AeadAes128Gcm)]
    public void TrySelectProfile_PrefersGcm_RegardlessOfOfferOrder(int[] offered, SrtpProfile expected)
    {
        Assert.True(DtlsSrtpKeyMaterial.TrySelectProfile(offered, out SrtpProfile selected));
        Assert.Equal(expected, selected);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0x0002, 0x0005, 0x0008 })]
    public void TrySelectProfile_Fails_WithoutACommonProfile(int[] offered)
    {
        Assert.False(DtlsSrtpKeyMaterial.TrySelectProfile(offered, out _));
    }

    [Fact]
    public void Split_Gcm_FollowsRfc5764KeyLayout()
    {
        // RFC 5764 §4.2 with RFC 7714 §12 lengths: 16-byte keys, 12-byte salts, 56 bytes in all.
        byte[] material = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();

        DtlsSrtpKeys keys = DtlsSrtpKeyMaterial.Split(SrtpProfile.AeadAes128Gcm, material);

        Assert.Equal(56, DtlsSrtpKeyMaterial.KeyingMaterialLength(SrtpProfile.AeadAes128Gcm));
        Assert.Equal(material[0..16], keys.ClientWriteKey);
        Assert.Equal(material[16..32], keys.ServerWriteKey);
        Assert.Equal(material[32..44], keys.ClientWriteSalt);
        Assert.Equal(material[44..56], keys.ServerWriteSalt);
    }

    [Fact]
    public void Split_AesCm_FollowsRfc5764KeyLayout()
    {
        // RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 has 16-byte keys and 14-byte salts, 60 bytes in all.
        byte[] material = Enumerable.Range(100, 60).Select(i => (byte)i).ToArray();

        DtlsSrtpKeys keys = DtlsSrtpKeyMaterial.Split(SrtpProfile.Aes128CmHmacSha1_80, material);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, keys.Profile);
        Assert.Equal(material[0..16], keys.ClientWriteKey);
        Assert.Equal(material[16..32], keys.ServerWriteKey);
        Assert.Equal(material[32..46], keys.ClientWriteSalt);
        Assert.Equal(material[46..60], keys.ServerWriteSalt);
    }

    [Fact]
    public void Split_RejectsMaterialOfTheWrongLength()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeyMaterial.Split(SrtpProfile.AeadAes128Gcm, new byte[55]));
    }
}
