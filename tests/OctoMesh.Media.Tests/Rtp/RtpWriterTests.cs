using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class RtpWriterTests
{
    [Fact]
    public void WriteHeaderRoundTripsThroughTheParser()
    {
        byte[] packet = new byte[20];
        Assert.Equal(12, RtpWriter.WriteHeader(packet, 96, 65535, 0xFFFFFFFF, 0x01020304, marker: true));

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(96, header.PayloadType);
        Assert.True(header.Marker);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(0xFFFFFFFFu, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(8, header.PayloadLength);
    }

    [Fact]
    public void WriteHeaderReturnsZeroWhenTheDestinationIsTooSmall()
    {
        Assert.Equal(0, RtpWriter.WriteHeader(new byte[11], 96, 1, 1, 1, false));
    }

    [Fact]
    public void InPlaceSettersChangeOnlyTheirField()
    {
        byte[] packet = new byte[16];
        RtpWriter.WriteHeader(packet, 100, 7, 8, 9, marker: true);
        packet[12] = 0xAB;

        RtpWriter.SetSequenceNumber(packet, 4242);
        RtpWriter.SetTimestamp(packet, 123456789);
        RtpWriter.SetSsrc(packet, 0xCAFEBABE);
        RtpWriter.SetPayloadType(packet, 111);

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(4242, header.SequenceNumber);
        Assert.Equal(123456789u, header.Timestamp);
        Assert.Equal(0xCAFEBABEu, header.Ssrc);
        Assert.Equal(111, header.PayloadType);
        Assert.True(header.Marker); // SetPayloadType keeps the marker
        Assert.Equal(0xAB, packet[12]);

        RtpWriter.SetMarker(packet, false);
        Assert.True(RtpHeader.TryParse(packet, out header));
        Assert.False(header.Marker);
        Assert.Equal(111, header.PayloadType);
    }
}
