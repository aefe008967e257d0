using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>SRTP's AES counter mode (RFC 3711 §4.1.1) on AES-NI against the appendix and against the platform's AES.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class AesCounterModeTests
{
    private static readonly byte[] B2Key = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] B2Iv = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Fact]
    public void This_machine_runs_the_aes_ni_path()
    {
        Assert.True(Aes128KeySchedule.IsSupported, "the CPU lacks AES-NI or SSSE3: the managed AES-CM path would be untested here");
    }

    /// <summary>RFC 3711 Appendix B.2: the first and last keystream blocks of a 2^16-block segment, both paths.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc3711_B2_keystream(bool allowIntrinsics)
    {
        using var cipher = new AesCounterModeCipher(B2Key, allowIntrinsics);
        byte[] keystream = new byte[65282 * 16];
        cipher.Apply(B2Iv, keystream);

        Assert.Equal(
            Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(
            Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    /// <summary>Any key, IV (low 16 bits zero) and length 0..1500: the AES-NI keystream is the platform ECB one, and applying it twice restores the data.</summary>
    [Property(MaxTest = 300)]
    public Property Aes_ni_and_platform_keystreams_agree()
    {
        Gen<byte> octet = Gen.Choose(0, 255).Select(i => (byte)i);
        Gen<(byte[] Key, byte[] Iv, byte[] Data)> cases =
            from key in Gen.ArrayOf(octet, 16)
            from iv in Gen.ArrayOf(octet, 14)
            from length in Gen.Choose(0, 1500)
            from data in Gen.ArrayOf(octet, length)
            select (key, iv, data);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            byte[] iv = [.. c.Iv, 0, 0];
            using var managed = new AesCounterModeCipher(c.Key, allowIntrinsics: true);
            using var platform = new AesCounterModeCipher(c.Key, allowIntrinsics: false);
            byte[] viaManaged = (byte[])c.Data.Clone();
            byte[] viaPlatform = (byte[])c.Data.Clone();
            managed.Apply(iv, viaManaged);
            platform.Apply(iv, viaPlatform);
            bool keystreamsAgree = viaManaged.AsSpan().SequenceEqual(viaPlatform);

            managed.Apply(iv, viaManaged);
            return keystreamsAgree && viaManaged.AsSpan().SequenceEqual(c.Data);
        });
    }
}
