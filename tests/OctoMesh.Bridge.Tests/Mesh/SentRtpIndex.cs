using System.Buffers.Binary;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Recognises a publisher's RTP packets inside arbitrary bytes (a captured datagram): the header's
/// sequence number, timestamp and SSRC (RFC 3550 §5.1, bytes 2 to 11, which SRTP leaves in clear), and
/// 16-byte runs taken from the payload (which SRTP and WireGuard encrypt). One hash lookup per position.
/// </summary>
public sealed class SentRtpIndex
{
    private const int FixedHeaderSize = 12;
    private const int HeaderPatternOffset = 2;
    private const int HeaderPatternSize = 10;
    private const int PayloadRunSize = 16;
    private const int MinimumPayloadForRun = 48;

    private readonly HashSet<(ushort Sequence, ulong TimestampAndSsrc)> _headers = [];
    private readonly HashSet<(ulong, ulong)> _payloadRuns = [];

    public SentRtpIndex(IEnumerable<byte[]> sentPackets)
    {
        foreach (var packet in sentPackets)
        {
            if (packet.Length < FixedHeaderSize)
            {
                continue;
            }

            _headers.Add(ReadHeaderPattern(packet.AsSpan(HeaderPatternOffset)));
            if (packet.Length - FixedHeaderSize >= MinimumPayloadForRun)
            {
                // From the end of the packet, clear of the header extension and the codec's descriptor.
                _payloadRuns.Add(ReadRun(packet.AsSpan(packet.Length - PayloadRunSize - 8)));
                _payloadRuns.Add(ReadRun(packet.AsSpan(packet.Length - PayloadRunSize * 2 - 8)));
            }
        }
    }

    public int Packets => _headers.Count;

    /// <summary>True if any sent packet's sequence number, timestamp and SSRC appear in <paramref name="bytes"/>.</summary>
    public bool ContainsHeader(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i + HeaderPatternSize <= bytes.Length; i++)
        {
            if (_headers.Contains(ReadHeaderPattern(bytes[i..])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True if one of the sent payload runs appears in <paramref name="bytes"/>.</summary>
    public bool ContainsPayload(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i + PayloadRunSize <= bytes.Length; i++)
        {
            if (_payloadRuns.Contains(ReadRun(bytes[i..])))
            {
                return true;
            }
        }

        return false;
    }

    private static (ushort, ulong) ReadHeaderPattern(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]));

    private static (ulong, ulong) ReadRun(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
}
