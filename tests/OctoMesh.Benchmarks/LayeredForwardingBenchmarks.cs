using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Benchmarks;

/// <summary>
/// Issue 12: the forwarding path with simulcast and temporal layers beside the single-stream path, in the same run.
/// Each operation hands the bridge one packet per stream and reaches 50 subscribers once:
/// <list type="bullet">
/// <item><see cref="OneStream"/> (baseline): one VP8 packet to all 50;</item>
/// <item><see cref="Simulcast"/>: one packet of each of three simulcast streams, each subscriber on one of them, its
/// sequence numbers and VP8 picture ids through the renumbering (nothing dropped);</item>
/// <item><see cref="SimulcastThinned"/>: the same with every other subscriber capped at two of three temporal layers,
/// so a quarter of the packets are dropped and closed up over.</item>
/// </list>
/// All must allocate 0 bytes. Per-subscriber SRTP is AES-GCM, as browsers negotiate it.
/// </summary>
[MemoryDiagnoser]
public class LayeredForwardingBenchmarks
{
    private const int Subscribers = 50;
    private ForwardingRig _oneStream = null!;
    private ForwardingRig _simulcast = null!;
    private ForwardingRig _thinned = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oneStream = new ForwardingRig(Subscribers, SrtpProfile.AeadAes128Gcm);
        _simulcast = new ForwardingRig(Subscribers, SrtpProfile.AeadAes128Gcm, layered: true);
        _thinned = new ForwardingRig(Subscribers, SrtpProfile.AeadAes128Gcm, layered: true, thinned: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            _oneStream.ThrowIfAnythingDropped();
            _simulcast.ThrowIfAnythingDropped();
            _thinned.ThrowIfAnythingDropped();
        }
        finally
        {
            _oneStream.Dispose();
            _simulcast.Dispose();
            _thinned.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public void OneStream() => Forward(_oneStream, 1);

    [Benchmark]
    public void Simulcast() => Forward(_simulcast, ForwardingRig.SimulcastLayers);

    [Benchmark]
    public void SimulcastThinned() => Forward(_thinned, ForwardingRig.SimulcastLayers);

    private static void Forward(ForwardingRig rig, int packets)
    {
        for (var i = 0; i < packets; i++)
        {
            var packet = rig.NextPacket();
            if (!RtpHeader.TryParse(packet, out var header))
            {
                throw new InvalidOperationException("the rig's RTP packet does not parse");
            }

            rig.Source.OnRtp(packet, header);
        }
    }
}
