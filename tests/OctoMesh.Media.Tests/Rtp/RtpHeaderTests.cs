using OctoMesh.Media.Rtp;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class RtpHeaderTests
{
    [Fact]
    public void ParsesMinimalHeader()
    {
        byte[] packet = Hex("80E0 1234 00000064 DEADBEEF 0102030405");

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(100u, header.Timestamp);
        Assert.Equal(0xDEADBEEFu, header.Ssrc);
        Assert.Equal(0, header.CsrcCount);
        Assert.False(header.HasExtension);
        Assert.Equal(12, header.PayloadOffset);
        Assert.Equal(5, header.PayloadLength);
        Assert.Equal(0, header.PaddingLength);
    }

    [Fact]
    public void ParsesCsrcsExtensionAndPadding()
    {
        // V=2 P=1 X=1 CC=2, M=0 PT=111
        byte[] packet = Hex(
            "B2 6F 0001 00000002 00000003" +
            "11111111 22222222" +          // CSRCs
            "BEDE 0001 10AA 0000" +        // one-byte extension, 1 word
            "C0FFEE" +                     // payload
            "000003");                     // 3 bytes of padding, count included

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0x22222222u, header.GetCsrc(packet, 1));
        Assert.True(header.HasExtension);
        Assert.Equal(RtpHeaderExtensions.OneByteProfile, header.ExtensionProfile);
        Assert.Equal(24, header.ExtensionOffset);
        Assert.Equal(4, header.ExtensionLength);
        Assert.Equal(28, header.PayloadOffset);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(3, header.PaddingLength);
        Assert.Equal(Hex("C0FFEE"), packet.AsSpan(header.PayloadOffset, header.PayloadLength).ToArray());
    }

    [Theory]
    [InlineData("40E0 1234 00000064 DEADBEEF")]                 // version 1
    [InlineData("C0E0 1234 00000064 DEADBEEF")]                 // version 3
    [InlineData("80E0 1234 00000064 DEADBE")]                   // 11 bytes
    [InlineData("81E0 1234 00000064 DEADBEEF 000000")]          // CSRC truncated
    [InlineData("90E0 1234 00000064 DEADBEEF BEDE")]            // extension header truncated
    [InlineData("90E0 1234 00000064 DEADBEEF BEDE 0002 10AA0000")] // extension longer than packet
    [InlineData("A0E0 1234 00000064 DEADBEEF 0102 00")]         // padding count 0
    [InlineData("A0E0 1234 00000064 DEADBEEF 0102 04")]         // padding longer than what follows the header
    public void RejectsMalformedHeaders(string hex)
    {
        Assert.False(RtpHeader.TryParse(Hex(hex), out _));
    }

    [Fact]
    public void PaddingMayFillTheWholePayload()
    {
        Assert.True(RtpHeader.TryParse(Hex("A0E0 1234 00000064 DEADBEEF 000003"), out RtpHeader header));
        Assert.Equal(0, header.PayloadLength);
        Assert.Equal(3, header.PaddingLength);
    }

    [Fact]
    public void EveryTruncationOfAValidPacketIsRejectedWithoutThrowing()
    {
        byte[] packet = Hex("92 6F 0001 00000002 00000003 11111111 22222222 BEDE 0002 10AA 2212 3456 0000 C0FFEE");
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader full));
        for (int length = 0; length < full.PayloadOffset; length++)
        {
            Assert.False(RtpHeader.TryParse(packet.AsSpan(0, length), out _));
        }

        for (int length = full.PayloadOffset; length <= packet.Length; length++)
        {
            Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out RtpHeader header));
            Assert.Equal(length - full.PayloadOffset, header.PayloadLength);
        }
    }
}
