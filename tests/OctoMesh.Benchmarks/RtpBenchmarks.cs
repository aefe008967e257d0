using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The per-packet parsing the forwarder does: RTP header plus an RFC 8285 lookup on a 1200-byte
/// video packet carrying three one-byte extensions, and the rewrite of their ids. Must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int PacketSize = 1200;
    private const int TransportSequenceId = 5;

    private readonly byte[] _packet = new byte[PacketSize];
    private readonly byte[] _scratch = new byte[PacketSize];
    private readonly byte[] _idMap = new byte[256];
    private readonly ushort[] _lost = [100, 101, 103, 116, 200, 201, 400];
    private readonly byte[] _nack = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        RtpWriter.WriteHeader(_packet, 96, 4242, 90000, 0x11223344, marker: false);
        _packet[0] |= 0x10; // X
        ReadOnlySpan<byte> extension =
        [
            0xBE, 0xDE, 0x00, 0x03,             // one-byte profile, 3 words
            0x10, 0xAA,                         // id 1: audio level
            0x32, 0x01, 0x02, 0x03,             // id 3: abs-send-time
            0x51, 0xBE, 0xEF,                   // id 5: transport-wide sequence number
            0x00, 0x00, 0x00,                   // padding
        ];
        extension.CopyTo(_packet.AsSpan(RtpHeader.FixedHeaderSize));
        _idMap[1] = 2;
        _idMap[3] = 4;
        _idMap[5] = 6;
        RtcpWriter.WriteNack(_nack, 1, 2, _lost);
    }

    [Benchmark(Baseline = true)]
    public int ParseAndFindTransportSequence()
    {
        if (!RtpHeader.TryParse(_packet, out RtpHeader header)
            || !RtpHeaderExtensions.TryFind(_packet, header, TransportSequenceId, out ReadOnlySpan<byte> value))
        {
            return -1;
        }

        return value[0] << 8 | value[1];
    }

    [Benchmark]
    public bool ParseAndRewriteIds()
    {
        _packet.AsSpan().CopyTo(_scratch);
        return RtpHeader.TryParse(_scratch, out RtpHeader header)
            && RtpHeaderExtensions.RewriteIds(_scratch, header, _idMap);
    }

    [Benchmark]
    public int RtcpNackWriteAndEnumerate()
    {
        int written = RtcpWriter.WriteNack(_nack, 1, 2, _lost);
        int sum = 0;
        if (RtcpPacketView.TryRead(_nack.AsSpan(0, written), out RtcpPacketView view)
            && GenericNack.TryParse(view, out GenericNack nack))
        {
            foreach (ushort seq in nack)
            {
                sum += seq;
            }
        }

        return sum;
    }
}
