using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>
/// Known answers produced by an independent implementation (pion/srtp's srtp_test.go): master key
/// and salt through key derivation to the protected packet, for both profiles. pion's packets carry
/// a zero first byte (its default rtp.Header has Version 0), which SRTP itself does not look at.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SrtpCrossImplementationTests
{
    private static readonly byte[] PionMasterKey = Hex("0dcd213e4cbcf28f017f6994401e2889");
    private static readonly byte[] PionMasterSalt = Hex("62776038c06dc9419f6dd9433e7c");
    private static readonly byte[] PionPayload = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05];

    public static IEnumerable<object[]> Cases =>
    [
        [SrtpProfile.Aes128CmHmacSha1_80, (ushort)5000, "6dd37ed599b72d28b1f3a1f00cfbfd08"],
        [SrtpProfile.Aes128CmHmacSha1_80, (ushort)5001, "da470b2a745365bd2febdc4b6d23f3de"],
        [SrtpProfile.Aes128CmHmacSha1_80, (ushort)65535, "aff7c2703720839c2c6385150e44ca36"],
        [SrtpProfile.AeadAes128Gcm, (ushort)5000, "053962bb502a0819c7ccc924b8d97ae5ad9906c73b00"],
        [SrtpProfile.AeadAes128Gcm, (ushort)5001, "b0bcfcb0152ca015b5a8cd0d65fa98b309b1f84b1cfa"],
        [SrtpProfile.AeadAes128Gcm, (ushort)65535, "40446cd1335fca9b2ea3e503d78236d8b7e8973ce6b6"],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Protect_and_unprotect_agree_with_pion(SrtpProfile profile, ushort sequenceNumber, string protectedPayloadAndTag)
    {
        byte[] header = new byte[12];
        header[2] = (byte)(sequenceNumber >> 8);
        header[3] = (byte)sequenceNumber;
        byte[] rtp = [.. header, .. PionPayload];
        byte[] expected = [.. header, .. Hex(protectedPayloadAndTag)];
        using SrtpContext sender = SrtpContext.Create(profile, PionMasterKey, PionMasterSalt.AsSpan(0, SrtpContext.SaltLength(profile)));
        using SrtpContext receiver = SrtpContext.Create(profile, PionMasterKey, PionMasterSalt.AsSpan(0, SrtpContext.SaltLength(profile)));

        Assert.Equal(expected, Protect(sender, rtp));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, expected, out byte[] decrypted));
        Assert.Equal(rtp, decrypted);
    }
}
