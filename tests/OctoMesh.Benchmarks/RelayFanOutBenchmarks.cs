using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Relay.DataPlane;
using OctoMesh.Relay.Frames;
using OctoMesh.Relay.WireGuard;

namespace OctoMesh.Benchmarks;

/// <summary>
/// One relayed packet the whole way, with real sockets on loopback: the origin's data plane frames it and its
/// embedded WireGuard seals and sends it; the edge's WireGuard receive thread opens it, parses the frame and fans
/// the RTP packet out to 50 viewers (rewrite, SRTP protect, one <c>sendmmsg</c>) inside a
/// <see cref="ForeignSendBatcher"/> scope, as <c>MeshCoordinator</c> does. Each operation waits until the edge has
/// fanned its packet out, so the figure is one packet's cost on both bridges, and the MemoryDiagnoser (which counts
/// every thread's allocations) must report 0 B.
/// </summary>
[MemoryDiagnoser]
public class RelayFanOutBenchmarks
{
    private const ulong ConferenceId = 0x0123456789ABCDEF;
    private const string EdgeId = "edge";
    private const int Viewers = 50;
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(5);

    private ForwardingRig rig = null!;
    private ForeignSendBatcher batcher = null!;
    private RelayDataPlane origin = null!;
    private RelayDataPlane edge = null!;
    private long fannedOut;

    [GlobalSetup]
    public void Setup()
    {
        rig = new ForwardingRig(Viewers, SrtpProfile.AeadAes128Gcm);
        batcher = rig.Server.Socket.CreateForeignSendBatcher();
        var originTunnel = new WireGuardTunnel(WireGuardKeyPair.Generate(), IPAddress.Parse("10.99.0.1"), new IPEndPoint(IPAddress.Loopback, 0));
        var edgeTunnel = new WireGuardTunnel(WireGuardKeyPair.Generate(), IPAddress.Parse("10.99.0.2"), new IPEndPoint(IPAddress.Loopback, 0));
        origin = new RelayDataPlane(new EmbeddedRelayTransport(originTunnel), SilentRelayMetrics.Instance);
        edge = new RelayDataPlane(new EmbeddedRelayTransport(edgeTunnel), SilentRelayMetrics.Instance);
        origin.Transport.AddPeer(new RelayTransportPeer(edgeTunnel.PublicKey, edgeTunnel.LocalEndPoint, edgeTunnel.OverlayAddress));
        edge.Transport.AddPeer(new RelayTransportPeer(originTunnel.PublicKey, originTunnel.LocalEndPoint, originTunnel.OverlayAddress));
        origin.SetPeer(EdgeId, edgeTunnel.OverlayAddress);
        edge.SetPeer("origin", originTunnel.OverlayAddress);
        edge.FrameReceived = FanOut;

        // The first frame waits in the origin's queue for the WireGuard handshake (whitepaper §6.1).
        RelayedTo50Viewers();
        rig.ThrowIfAnythingDropped();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        origin.Dispose();
        edge.Dispose(); // stops the receive thread before its batch goes
        batcher.Dispose();
        rig.ThrowIfAnythingDropped();
        rig.Dispose();
    }

    [Benchmark]
    public long RelayedTo50Viewers()
    {
        var target = Volatile.Read(ref fannedOut) + 1;
        if (!origin.Send(EdgeId, RelayFrameKind.Rtp, ConferenceId, 1, rig.NextPacket()))
        {
            throw new InvalidOperationException("The origin's data plane refused the frame.");
        }

        var started = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref fannedOut) < target)
        {
            if (Stopwatch.GetElapsedTime(started) > DeliveryDeadline)
            {
                throw new InvalidOperationException("The relayed packet never reached the edge's viewers.");
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return target;
    }

    // On the edge's WireGuard receive thread.
    private void FanOut(string peerId, RelayFrameHeader header, ReadOnlySpan<byte> packet)
    {
        if (header.Kind == RelayFrameKind.Rtp && RtpHeader.TryParse(packet, out var rtp))
        {
            using var batching = batcher.Begin();
            rig.Source.OnRtp(packet, rtp);
        }

        Interlocked.Increment(ref fannedOut);
    }

    private sealed class SilentRelayMetrics : IRelayDataPlaneMetrics, IRelayPeerCounters
    {
        public static readonly SilentRelayMetrics Instance = new();

        public IRelayPeerCounters ForPeer(string peerId) => this;

        public void Dropped(RelayDropReason reason) => throw new InvalidOperationException($"A relay frame was dropped: {reason}.");

        public void Sent(RelayFrameKind kind, int frameBytes) { }

        public void Received(RelayFrameKind kind, int frameBytes) { }
    }
}
