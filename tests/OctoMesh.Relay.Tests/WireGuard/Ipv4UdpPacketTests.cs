using System.Net;
using OctoMesh.Relay.WireGuard.Ip;

namespace OctoMesh.Relay.Tests.WireGuard;

[Trait(Tier.Name, Tier.Unit)]
public sealed class Ipv4UdpPacketTests
{
    private static readonly uint Source = Ipv4UdpPacket.ToUInt32(IPAddress.Parse("10.77.0.1"));
    private static readonly uint Destination = Ipv4UdpPacket.ToUInt32(IPAddress.Parse("10.77.0.2"));

    [Fact]
    public void Built_packet_parses_back_with_valid_checksums_and_ignores_padding()
    {
        byte[] buffer = new byte[64];
        int length = Ipv4UdpPacket.Write(Source, Destination, 1234, 5678, 1, "hello"u8, buffer);

        Assert.Equal(33, length);
        Assert.Equal(0, InternetChecksum.Compute(buffer.AsSpan(0, 20), 0));
        Assert.Equal(Ipv4UdpParseStatus.Ok, Ipv4UdpPacket.TryParse(buffer.AsSpan(0, 48), out Ipv4UdpDatagram datagram));
        Assert.Equal(Source, datagram.SourceAddress);
        Assert.Equal(Destination, datagram.DestinationAddress);
        Assert.Equal((ushort)1234, datagram.SourcePort);
        Assert.Equal((ushort)5678, datagram.DestinationPort);
        Assert.Equal("hello"u8.ToArray(), buffer.AsSpan(datagram.PayloadOffset, datagram.PayloadLength).ToArray());
    }

    [Fact]
    public void Corrupted_payload_fails_the_udp_checksum()
    {
        byte[] buffer = new byte[64];
        int length = Ipv4UdpPacket.Write(Source, Destination, 1, 2, 1, "hello"u8, buffer);
        buffer[length - 1] ^= 0xFF;
        Assert.Equal(Ipv4UdpParseStatus.BadChecksum, Ipv4UdpPacket.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void Hostile_input_returns_a_status()
    {
        Assert.Equal(Ipv4UdpParseStatus.Truncated, Ipv4UdpPacket.TryParse(new byte[10], out _));
        Assert.Equal(Ipv4UdpParseStatus.NotIpv4, Ipv4UdpPacket.TryParse(new byte[40], out _));
        byte[] huge = new byte[40];
        huge[0] = 0x45;
        huge[2] = 0xFF;
        Assert.Equal(Ipv4UdpParseStatus.Truncated, Ipv4UdpPacket.TryParse(huge, out _));
    }
}
