using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>Known-answer tests from RFC 3711 Appendix B and RFC 7714 §16-17.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SrtpRfcVectorTests
{
    // RFC 7714 §16.1 / §17.1: session key and salt (the vectors start after key derivation).
    private static readonly byte[] GcmSessionKey = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSessionSalt = Hex("517569642070726f2071756f");

    private static readonly byte[] Rfc7714RtpPlaintext = Hex(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976" +
        "69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] Rfc7714RtpProtected = Hex(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5" +
        "0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce");

    private static readonly byte[] Rfc7714RtcpPlaintext = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61" +
        "deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] Rfc7714RtcpProtected = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d" +
        "c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    /// <summary>RFC 7714 §17.2: E = 0, the packet authenticated but sent in the clear.</summary>
    private static readonly byte[] Rfc7714RtcpAuthenticatedOnly = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61" +
        "deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");

    private const uint Rfc7714RtcpSsrc = 0x4d617273;
    private const uint Rfc7714SrtcpIndex = 0x5d4;

    [Fact]
    public void Rfc3711_B2_aes_cm_keystream_matches_the_appendix()
    {
        using var cipher = new AesCounterModeCipher(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] keystream = new byte[65282 * 16];
        cipher.Apply(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal(
            Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(
            Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void Rfc3711_B2_keystream_is_what_protect_xors_into_a_zero_payload_of_ssrc_0_index_0()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(
            SrtpProfile.Aes128CmHmacSha1_80,
            Hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20]);
        byte[] rtp = new byte[12 + 48];
        rtp[0] = 0x80;

        byte[] srtp = Protect(context, rtp);

        Assert.Equal(rtp[..12], srtp[..12]);
        Assert.Equal(
            Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            srtp[12..60]);
    }

    [Theory]
    [InlineData(SrtpKeyDerivation.RtpEncryptionLabel, "C61E7A93744F39EE10734AFE3FF7A087")]
    [InlineData(SrtpKeyDerivation.RtpSaltLabel, "30CBBC08863D8C85D49DB34A9AE1")]
    [InlineData(SrtpKeyDerivation.RtpAuthenticationLabel, "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4")]
    public void Rfc3711_B3_key_derivation_matches_the_appendix(byte label, string expected)
    {
        using var prf = new AesCounterModeCipher(MasterKey);
        byte[] sessionKey = new byte[expected.Length / 2];

        SrtpKeyDerivation.Derive(prf, MasterSalt14, label, sessionKey);

        Assert.Equal(Hex(expected), sessionKey);
    }

    [Fact]
    public void Rfc7714_16_gcm_rtp_encryption_matches()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);

        Assert.Equal(Rfc7714RtpProtected, Protect(context, Rfc7714RtpPlaintext));
    }

    [Fact]
    public void Rfc7714_16_gcm_rtp_decryption_matches()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);

        Assert.Equal(SrtpStatus.Ok, Unprotect(context, Rfc7714RtpProtected, out byte[] rtp));
        Assert.Equal(Rfc7714RtpPlaintext, rtp);
    }

    [Fact]
    public void Rfc7714_17_gcm_srtcp_encryption_matches()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);
        context.SetNextSrtcpIndex(Rfc7714RtcpSsrc, Rfc7714SrtcpIndex);

        Assert.Equal(Rfc7714RtcpProtected, ProtectRtcp(context, Rfc7714RtcpPlaintext));
    }

    [Fact]
    public void Rfc7714_17_gcm_srtcp_decryption_matches()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);

        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(context, Rfc7714RtcpProtected, out byte[] rtcp));
        Assert.Equal(Rfc7714RtcpPlaintext, rtcp);
    }

    [Fact]
    public void Rfc7714_17_gcm_srtcp_with_e_flag_clear_is_authenticated_only()
    {
        using SrtpContext context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);

        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(context, Rfc7714RtcpAuthenticatedOnly, out byte[] rtcp));
        Assert.Equal(Rfc7714RtcpPlaintext, rtcp);

        byte[] tampered = (byte[])Rfc7714RtcpAuthenticatedOnly.Clone();
        tampered[20] ^= 1;
        using SrtpContext fresh = SrtpContext.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKey, GcmSessionSalt, []);
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtcp(fresh, tampered, out _));
    }
}
