using System.Security.Cryptography;
using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>
/// AES-128-GCM known answers: test cases 1-4 of the GCM specification that NIST SP 800-38D builds on
/// (McGrew and Viega, "The Galois/Counter Mode of Operation", Appendix B), run against the managed
/// AES-NI implementation and the platform fallback alike. RFC 7714 §16-17 runs through SrtpRfcVectorTests.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class AesGcmKnownAnswerTests
{
    private const string SpecKey = "feffe9928665731c6d6a8f9467308308";
    private const string SpecNonce = "cafebabefacedbaddecaf888";
    private const string SpecPlaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string SpecCiphertext =
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" +
        "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";

    public static TheoryData<bool, string, string, string, string, string, string> SpecCases()
    {
        var cases = new TheoryData<bool, string, string, string, string, string, string>();
        foreach (bool allowIntrinsics in new[] { true, false })
        {
            // Test case 1: empty plaintext and AAD, the tag alone.
            cases.Add(allowIntrinsics, "00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");

            // Test case 2: one zero block.
            cases.Add(allowIntrinsics, "00000000000000000000000000000000", "000000000000000000000000", "", "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");

            // Test case 3: four whole blocks, no AAD.
            cases.Add(allowIntrinsics, SpecKey, SpecNonce, "", SpecPlaintext, SpecCiphertext, "4d5c2af327cd64a62cf35abd2ba6fab4");

            // Test case 4: 60 octets (a partial last block) and 20 octets of AAD.
            cases.Add(allowIntrinsics, SpecKey, SpecNonce, "feedfacedeadbeeffeedfacedeadbeefabaddad2", SpecPlaintext[..120], SpecCiphertext[..120], "5bc94fbc3221a5db94fae95ae7121a47");
        }

        return cases;
    }

    [Fact]
    public void This_machine_runs_the_aes_ni_path()
    {
        Assert.True(Aes128GcmIntrinsics.IsSupported, "the CPU lacks AES-NI, PCLMULQDQ or SSSE3: the managed AES-GCM path would be untested here");
        using AesGcmCipher cipher = AesGcmCipher.Create(new byte[16]);
        Assert.IsType<Aes128GcmIntrinsics>(cipher);
    }

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void Encrypt_matches_the_specification(bool allowIntrinsics, string key, string nonce, string aad, string plaintext, string ciphertext, string tag)
    {
        using AesGcmCipher cipher = AesGcmCipher.Create(Hex(key), allowIntrinsics);
        byte[] output = new byte[plaintext.Length / 2];
        byte[] outputTag = new byte[AesGcmCipher.TagLength];

        cipher.Encrypt(Hex(nonce), Hex(plaintext), output, outputTag, Hex(aad));

        Assert.Equal(Hex(ciphertext), output);
        Assert.Equal(Hex(tag), outputTag);
    }

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void Decrypt_matches_the_specification(bool allowIntrinsics, string key, string nonce, string aad, string plaintext, string ciphertext, string tag)
    {
        using AesGcmCipher cipher = AesGcmCipher.Create(Hex(key), allowIntrinsics);
        byte[] output = new byte[plaintext.Length / 2];

        Assert.True(cipher.TryDecrypt(Hex(nonce), Hex(ciphertext), Hex(tag), output, Hex(aad)));
        Assert.Equal(Hex(plaintext), output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_forged_tag_is_a_result_and_leaves_zeros(bool allowIntrinsics)
    {
        using AesGcmCipher cipher = AesGcmCipher.Create(Hex(SpecKey), allowIntrinsics);
        byte[] tag = Hex("4d5c2af327cd64a62cf35abd2ba6fab4");
        tag[15] ^= 1;
        byte[] output = RandomNumberGenerator.GetBytes(64);

        Assert.False(cipher.TryDecrypt(Hex(SpecNonce), Hex(SpecCiphertext), tag, output, []));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void In_place_encrypt_and_decrypt_use_one_buffer(bool allowIntrinsics)
    {
        using AesGcmCipher cipher = AesGcmCipher.Create(Hex(SpecKey), allowIntrinsics);
        byte[] buffer = Hex(SpecPlaintext);
        byte[] tag = new byte[AesGcmCipher.TagLength];
        byte[] aad = Hex("feedfacedeadbeef");

        cipher.Encrypt(Hex(SpecNonce), buffer, buffer, tag, aad);
        Assert.NotEqual(Hex(SpecPlaintext), buffer);

        Assert.True(cipher.TryDecrypt(Hex(SpecNonce), buffer, tag, buffer, aad));
        Assert.Equal(Hex(SpecPlaintext), buffer);
    }
}
