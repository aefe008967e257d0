using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>
/// The managed AES-NI AES-128-GCM against the platform's <see cref="AesGcm"/> (OpenSSL) on generated inputs:
/// keys, nonces, AAD of 0..72 octets (RTP headers with CSRCs and extensions run 12..72) and plaintexts of 0..1500.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class AesGcmPropertyTests
{
    private const int MaxTests = 300;

    [Property(MaxTest = MaxTests)]
    public Property Managed_encryption_equals_AesGcm_byte_for_byte() => Prop.ForAll(Cases(), c =>
    {
        using AesGcmCipher managed = AesGcmCipher.Create(c.Key);
        using var platform = new AesGcm(c.Key, AesGcmCipher.TagLength);
        (byte[] managedCiphertext, byte[] managedTag) = Encrypt(managed, c);
        byte[] platformCiphertext = new byte[c.Plaintext.Length];
        byte[] platformTag = new byte[AesGcmCipher.TagLength];
        platform.Encrypt(c.Nonce, c.Plaintext, platformCiphertext, platformTag, c.AssociatedData);

        return managedCiphertext.AsSpan().SequenceEqual(platformCiphertext) && managedTag.AsSpan().SequenceEqual(platformTag);
    });

    [Property(MaxTest = MaxTests)]
    public Property Decrypt_of_encrypt_is_the_plaintext() => Prop.ForAll(Cases(), c =>
    {
        using AesGcmCipher managed = AesGcmCipher.Create(c.Key);
        (byte[] ciphertext, byte[] tag) = Encrypt(managed, c);
        byte[] plaintext = new byte[ciphertext.Length];

        return managed.TryDecrypt(c.Nonce, ciphertext, tag, plaintext, c.AssociatedData) && plaintext.AsSpan().SequenceEqual(c.Plaintext);
    });

    /// <summary>One flipped bit anywhere in ciphertext, AAD or tag: refused, and the output is zeros.</summary>
    [Property(MaxTest = MaxTests)]
    public Property Any_single_flipped_bit_fails() => Prop.ForAll(Cases(), c =>
    {
        using AesGcmCipher managed = AesGcmCipher.Create(c.Key);
        (byte[] ciphertext, byte[] tag) = Encrypt(managed, c);
        byte[] aad = (byte[])c.AssociatedData.Clone();

        int bits = 8 * (ciphertext.Length + aad.Length + tag.Length);
        int bit = c.FlipBit % bits;
        byte[] target = bit < 8 * ciphertext.Length ? ciphertext : bit < 8 * (ciphertext.Length + aad.Length) ? aad : tag;
        int offset = bit < 8 * ciphertext.Length ? 0 : bit < 8 * (ciphertext.Length + aad.Length) ? 8 * ciphertext.Length : 8 * (ciphertext.Length + aad.Length);
        target[(bit - offset) / 8] ^= (byte)(1 << ((bit - offset) % 8));

        byte[] plaintext = RandomNumberGenerator.GetBytes(ciphertext.Length);
        bool accepted = managed.TryDecrypt(c.Nonce, ciphertext, tag, plaintext, aad);
        return !accepted && plaintext.All(b => b == 0);
    });

    private static (byte[] Ciphertext, byte[] Tag) Encrypt(AesGcmCipher cipher, GcmCase c)
    {
        byte[] ciphertext = new byte[c.Plaintext.Length];
        byte[] tag = new byte[AesGcmCipher.TagLength];
        cipher.Encrypt(c.Nonce, c.Plaintext, ciphertext, tag, c.AssociatedData);
        return (ciphertext, tag);
    }

    private static Arbitrary<GcmCase> Cases()
    {
        Gen<byte> octet = Gen.Choose(0, 255).Select(i => (byte)i);
        Gen<GcmCase> cases =
            from key in Gen.ArrayOf(octet, AesGcmCipher.KeyLength)
            from nonce in Gen.ArrayOf(octet, AesGcmCipher.NonceLength)
            from aadLength in Gen.Choose(0, 72)
            from aad in Gen.ArrayOf(octet, aadLength)
            from plaintextLength in Gen.Frequency((1, Gen.Elements(0, 1, 15, 16, 17, 63, 64, 65, 1200, 1500)), (3, Gen.Choose(0, 1500)))
            from plaintext in Gen.ArrayOf(octet, plaintextLength)
            from flipBit in Gen.Choose(0, int.MaxValue)
            select new GcmCase(key, nonce, aad, plaintext, flipBit);
        return cases.ToArbitrary();
    }
}
