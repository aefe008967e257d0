using System.Buffers.Binary;
using System.Net;

namespace OctoMesh.Relay.WireGuard.Ip;

/// <summary>
/// Builds and parses the IPv4/UDP packets carried inside WireGuard transport messages, so a
/// standard WireGuard peer delivers them to a real UDP socket on its overlay interface.
/// <code>
/// RFC 791 §3.1                                       RFC 768
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |Version|  IHL  |Type of Service|          Total Length         |
/// |         Identification        |Flags|      Fragment Offset    |
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// |                       Source Address                          |
/// |                    Destination Address                        |
/// |          Source Port          |       Destination Port        |
/// |            Length             |           Checksum            |
/// </code>
/// </summary>
internal static class Ipv4UdpPacket
{
    public const int Ipv4HeaderLength = 20;
    public const int UdpHeaderLength = 8;
    public const int HeadersLength = Ipv4HeaderLength + UdpHeaderLength;
    public const int MaxPacketLength = ushort.MaxValue;

    private const byte UdpProtocol = 17;
    private const byte DefaultTimeToLive = 64;
    private const ushort DontFragment = 0x4000;

    /// <summary>Writes header and payload; returns the packet length (payload + 28).</summary>
    public static int Write(uint sourceAddress, uint destinationAddress, ushort sourcePort, ushort destinationPort, ushort identification, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        int totalLength = HeadersLength + payload.Length;
        if (totalLength > MaxPacketLength || destination.Length < totalLength)
        {
            throw new ArgumentException("The payload does not fit one IPv4 packet or the destination buffer.", nameof(payload));
        }
        Span<byte> ip = destination[..Ipv4HeaderLength];
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], DontFragment);
        ip[8] = DefaultTimeToLive;
        ip[9] = UdpProtocol;
        ip[10] = 0;
        ip[11] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], sourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destinationAddress);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip, 0));

        Span<byte> udp = destination[Ipv4HeaderLength..totalLength];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        udp[6] = 0;
        udp[7] = 0;
        payload.CopyTo(udp[UdpHeaderLength..]);
        ushort checksum = InternetChecksum.Compute(udp, PseudoHeaderSum(sourceAddress, destinationAddress, udp.Length));
        // RFC 768: a computed checksum of zero is sent as all ones (zero means "no checksum").
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return totalLength;
    }

    /// <summary>
    /// Parses a decrypted transport payload (which may carry WireGuard's zero padding after the
    /// packet). Never throws: hostile or unsupported packets return a failure status.
    /// </summary>
    public static Ipv4UdpParseStatus TryParse(ReadOnlySpan<byte> packet, out Ipv4UdpDatagram datagram)
    {
        datagram = default;
        if (packet.Length < HeadersLength)
        {
            return Ipv4UdpParseStatus.Truncated;
        }
        if (packet[0] >> 4 != 4)
        {
            return Ipv4UdpParseStatus.NotIpv4;
        }
        int headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (headerLength < Ipv4HeaderLength || totalLength < headerLength + UdpHeaderLength || totalLength > packet.Length)
        {
            return Ipv4UdpParseStatus.Truncated;
        }
        if (InternetChecksum.Compute(packet[..headerLength], 0) != 0)
        {
            return Ipv4UdpParseStatus.BadChecksum;
        }
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if ((fragment & 0x3FFF) != 0)
        {
            // More-fragments set or a non-zero offset: the relay never fragments, so neither may peers.
            return Ipv4UdpParseStatus.Fragmented;
        }
        if (packet[9] != UdpProtocol)
        {
            return Ipv4UdpParseStatus.NotUdp;
        }
        uint source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        uint destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        ReadOnlySpan<byte> udp = packet[headerLength..totalLength];
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < UdpHeaderLength || udpLength > udp.Length)
        {
            return Ipv4UdpParseStatus.Truncated;
        }
        udp = udp[..udpLength];
        if (BinaryPrimitives.ReadUInt16BigEndian(udp[6..]) != 0
            && InternetChecksum.Compute(udp, PseudoHeaderSum(source, destination, udpLength)) != 0)
        {
            return Ipv4UdpParseStatus.BadChecksum;
        }
        datagram = new Ipv4UdpDatagram(
            source,
            destination,
            BinaryPrimitives.ReadUInt16BigEndian(udp),
            BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
            headerLength + UdpHeaderLength,
            udpLength - UdpHeaderLength);
        return Ipv4UdpParseStatus.Ok;
    }

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("Overlay addresses are IPv4.", nameof(address));
        }
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>RFC 768: source, destination, zero, protocol, UDP length.</summary>
    private static uint PseudoHeaderSum(uint source, uint destination, int udpLength) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + UdpProtocol + (uint)udpLength;
}
