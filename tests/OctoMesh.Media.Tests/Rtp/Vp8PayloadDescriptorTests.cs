using OctoMesh.Media.Rtp.Codecs;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class Vp8PayloadDescriptorTests
{
    [Fact]
    public void ParsesEveryOptionalField()
    {
        // X=1 N=1 S=1 PID=0 | I L T K | M=1 picture id 0x1234 | TL0PICIDX 0x56 | TID=2 Y=1 KEYIDX=5
        byte[] payload = Hex("B0 F0 9234 56 A5 50");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor));
        Assert.Equal(6, descriptor.Size);
        Assert.True(descriptor.NonReference);
        Assert.True(descriptor.StartOfPartition);
        Assert.Equal(0, descriptor.PartitionIndex);
        Assert.True(descriptor.IsStartOfFrame);
        Assert.True(descriptor.HasPictureId);
        Assert.True(descriptor.HasLongPictureId);
        Assert.Equal(0x1234, descriptor.PictureId);
        Assert.True(descriptor.HasTl0PicIdx);
        Assert.Equal(0x56, descriptor.Tl0PicIdx);
        Assert.True(descriptor.HasTid);
        Assert.Equal(2, descriptor.TemporalLayerId);
        Assert.True(descriptor.LayerSync);
        Assert.True(descriptor.HasKeyIdx);
        Assert.Equal(5, descriptor.KeyIdx);
    }

    [Fact]
    public void ParsesSevenBitPictureIdAndMinimalDescriptor()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex("83 80 7F 00"), out Vp8PayloadDescriptor sevenBit));
        Assert.Equal(3, sevenBit.Size);
        Assert.False(sevenBit.HasLongPictureId);
        Assert.Equal(0x7F, sevenBit.PictureId);
        Assert.False(sevenBit.StartOfPartition);
        Assert.Equal(3, sevenBit.PartitionIndex);

        Assert.True(Vp8PayloadDescriptor.TryParse(Hex("10 00"), out Vp8PayloadDescriptor minimal));
        Assert.Equal(1, minimal.Size);
        Assert.False(minimal.HasPictureId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]          // X without its byte
    [InlineData("80 80")]       // I without picture id
    [InlineData("80 80 81")]    // M without the second byte
    [InlineData("80 40")]       // L without TL0PICIDX
    [InlineData("80 20")]       // T without TID byte
    [InlineData("80 10")]       // K without KEYIDX byte
    public void RejectsTruncatedDescriptors(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex(hex), out _));
        Assert.False(Vp8PayloadDescriptor.TryRewrite(Hex(hex), 1, 1));
    }

    [Fact]
    public void RewritesFifteenBitPictureIdAndTl0PicIdx()
    {
        byte[] payload = Hex("90 E0 8001 10 40 50");

        Assert.True(Vp8PayloadDescriptor.TryRewrite(payload, 0x8000 + 0x0ABC, 0x99)); // wraps modulo 2^15

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor));
        Assert.Equal(0x0ABC, descriptor.PictureId);
        Assert.True(descriptor.HasLongPictureId);
        Assert.Equal(0x99, descriptor.Tl0PicIdx);
        Assert.Equal(1, descriptor.TemporalLayerId); // TID byte 0x40 untouched
        Assert.Equal(0x50, payload[descriptor.Size]);
    }

    [Fact]
    public void RewritesSevenBitPictureIdKeepingItsWidth()
    {
        byte[] payload = Hex("90 80 05 50");

        Assert.True(Vp8PayloadDescriptor.TryRewrite(payload, 200, 7));

        Assert.Equal(Hex("90 80 48 50"), payload); // 200 mod 128 = 72; no TL0PICIDX to write
    }
}
