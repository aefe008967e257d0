using System.Buffers.Binary;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Reads the IPv4/UDP datagrams of a classic pcap file as tcpdump writes it (libpcap format: a 24-byte
/// global header, then a 16-byte header per record). A record cut short by the capture stopping is ignored.
/// </summary>
public static class PcapFile
{
    private const uint MagicMicroseconds = 0xa1b2c3d4;
    private const uint MagicNanoseconds = 0xa1b23c4d;
    private const int GlobalHeaderSize = 24;
    private const int RecordHeaderSize = 16;
    private const int LinkTypeEthernet = 1;
    private const int LinkTypeLinuxCooked = 113;
    private const int LinkTypeLinuxCookedV2 = 276;
    private const ushort EtherTypeIpv4 = 0x0800;
    private const byte ProtocolUdp = 17;
    private const int UdpHeaderSize = 8;

    public static IReadOnlyList<CapturedDatagram> ReadUdp(byte[] file)
    {
        if (file.Length < GlobalHeaderSize)
        {
            throw new InvalidDataException($"The capture is {file.Length} bytes, shorter than a pcap header: the capture tool wrote nothing.");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        var littleEndian = magic is MagicMicroseconds or MagicNanoseconds;
        if (!littleEndian && BinaryPrimitives.ReadUInt32BigEndian(file) is not (MagicMicroseconds or MagicNanoseconds))
        {
            throw new InvalidDataException($"Not a pcap file (magic {magic:x8}); pcapng is not read here, ask tcpdump/tshark for -F pcap.");
        }

        uint Read32(int offset) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));

        var linkType = (int)Read32(20);
        var linkHeader = linkType switch
        {
            LinkTypeEthernet => 14,
            LinkTypeLinuxCooked => 16,
            LinkTypeLinuxCookedV2 => 20,
            _ => throw new InvalidDataException($"Unexpected pcap link type {linkType}."),
        };

        var datagrams = new List<CapturedDatagram>();
        var offset = GlobalHeaderSize;
        while (offset + RecordHeaderSize <= file.Length)
        {
            var included = (int)Read32(offset + 8);
            var originalLength = (int)Read32(offset + 12);
            offset += RecordHeaderSize;
            if (offset + included > file.Length)
            {
                break;
            }

            if (included != originalLength)
            {
                throw new InvalidDataException($"A packet was captured truncated ({included} of {originalLength} bytes): capture with a snap length of 0 (whole packets).");
            }

            if (TryReadUdp(file.AsSpan(offset, included), linkType, linkHeader) is { } datagram)
            {
                datagrams.Add(datagram);
            }

            offset += included;
        }

        return datagrams;
    }

    private static CapturedDatagram? TryReadUdp(ReadOnlySpan<byte> frame, int linkType, int linkHeader)
    {
        if (frame.Length < linkHeader + 20)
        {
            return null;
        }

        var etherType = linkType switch
        {
            LinkTypeEthernet => BinaryPrimitives.ReadUInt16BigEndian(frame[12..]),
            LinkTypeLinuxCooked => BinaryPrimitives.ReadUInt16BigEndian(frame[14..]),
            _ => BinaryPrimitives.ReadUInt16BigEndian(frame),
        };
        if (etherType != EtherTypeIpv4)
        {
            return null;
        }

        // RFC 791 §3.1: IHL in 32-bit words in the low nibble of the first byte; protocol at offset 9.
        var ip = frame[linkHeader..];
        var ipHeader = (ip[0] & 0x0f) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (ip[9] != ProtocolUdp || totalLength > ip.Length || ipHeader + UdpHeaderSize > totalLength)
        {
            return null;
        }

        // RFC 768: source port, destination port, length, checksum.
        var udp = ip[ipHeader..totalLength];
        var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < UdpHeaderSize || udpLength > udp.Length)
        {
            return null;
        }

        return new CapturedDatagram(
            BinaryPrimitives.ReadUInt16BigEndian(udp),
            BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
            udp[UdpHeaderSize..udpLength].ToArray());
    }
}
