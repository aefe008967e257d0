using BenchmarkDotNet.Attributes;
using OctoMesh.Relay.Frames;
using OctoMesh.Relay.WireGuard.Ip;
using OctoMesh.Relay.WireGuard.Noise;

namespace OctoMesh.Benchmarks;

/// <summary>
/// One relayed packet end to end through the data plane, without sockets: relay frame around a
/// 1200-byte RTP packet, IPv4/UDP to the peer's overlay address, WireGuard seal; then open, IPv4/UDP
/// parse and relay frame parse on the far bridge. Must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class RelayPathBenchmarks
{
    private const int RtpLength = 1200;
    private const int InnerLength = 20 + 8 + RelayFrame.HeaderSize + RtpLength;
    private const ushort OverlayPort = 7000;
    private const uint FromOverlay = 0x0A630001; // 10.99.0.1
    private const uint ToOverlay = 0x0A630002;   // 10.99.0.2

    private readonly byte[] rtp = new byte[RtpLength];
    private readonly byte[] frame = new byte[RelayFrame.HeaderSize + RtpLength];
    private readonly byte[] inner = new byte[InnerLength];
    private readonly byte[] message = new byte[MessageLayout.TransportSize(InnerLength)];
    private readonly byte[] opened = new byte[MessageLayout.TransportSize(InnerLength)];
    private TransportKeypair sender = null!;
    private TransportKeypair receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(rtp);
        rtp[0] = 0x80;
        rtp[1] = 96;
        (sender, receiver) = TransportKeypairPair.Create();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        sender.Dispose();
        receiver.Dispose();
    }

    [Benchmark]
    public int FrameSealOpenParse1200()
    {
        var frameLength = RelayFrame.Write(frame, RelayFrameKind.Rtp, 0x0123456789ABCDEF, 7, rtp);
        var innerLength = Ipv4UdpPacket.Write(FromOverlay, ToOverlay, OverlayPort, OverlayPort, 1, frame.AsSpan(0, frameLength), inner);
        var sealedLength = sender.Seal(inner.AsSpan(0, innerLength), message);
        if (receiver.Open(message.AsSpan(0, sealedLength), opened, out var written) != TransportOpenResult.Ok
            || Ipv4UdpPacket.TryParse(opened.AsSpan(0, written), out var datagram) != Ipv4UdpParseStatus.Ok
            || !RelayFrame.TryParse(opened.AsSpan(datagram.PayloadOffset, datagram.PayloadLength), out _, out var packet))
        {
            throw new InvalidOperationException("The relayed packet did not come back.");
        }

        return packet.Length;
    }
}
