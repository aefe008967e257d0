using OctoMesh.Relay.DataPlane;
using OctoMesh.Relay.Frames;
using Prometheus;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// The relay data plane's counters in /metrics: <c>octomesh_relay_packets_total{peer,direction,kind}</c>,
/// <c>octomesh_relay_bytes_total{peer,direction}</c> and <c>octomesh_relay_dropped_total{reason}</c>. Every label
/// child is made once (per peer when it is added, per reason here), so nothing is looked up per packet.
/// </summary>
public sealed class PrometheusRelayMetrics : IRelayDataPlaneMetrics
{
    private readonly Counter _packets;
    private readonly Counter _bytes;
    private readonly Counter.Child[] _dropped;

    public PrometheusRelayMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _packets = factory.CreateCounter("octomesh_relay_packets_total", "Relay frames to and from each peer bridge.", "peer", "direction", "kind");
        _bytes = factory.CreateCounter("octomesh_relay_bytes_total", "Relay frame bytes to and from each peer bridge.", "peer", "direction");
        var dropped = factory.CreateCounter("octomesh_relay_dropped_total", "Relay frames dropped, by reason.", "reason");
        _dropped =
        [
            dropped.WithLabels("unknown_peer"),
            dropped.WithLabels("send_failed"),
            dropped.WithLabels("unknown_sender"),
            dropped.WithLabels("malformed"),
        ];
    }

    public IRelayPeerCounters ForPeer(string peerId) => new PeerCounters(
        _packets.WithLabels(peerId, "out", "rtp"), _packets.WithLabels(peerId, "out", "rtcp"),
        _packets.WithLabels(peerId, "in", "rtp"), _packets.WithLabels(peerId, "in", "rtcp"),
        _bytes.WithLabels(peerId, "out"), _bytes.WithLabels(peerId, "in"));

    public void Dropped(RelayDropReason reason) => _dropped[(int)reason].Inc();

    private sealed class PeerCounters(Counter.Child rtpOut, Counter.Child rtcpOut, Counter.Child rtpIn, Counter.Child rtcpIn,
        Counter.Child bytesOut, Counter.Child bytesIn) : IRelayPeerCounters
    {
        public void Sent(RelayFrameKind kind, int frameBytes)
        {
            (kind == RelayFrameKind.Rtp ? rtpOut : rtcpOut).Inc();
            bytesOut.Inc(frameBytes);
        }

        public void Received(RelayFrameKind kind, int frameBytes)
        {
            (kind == RelayFrameKind.Rtp ? rtpIn : rtcpIn).Inc();
            bytesIn.Inc(frameBytes);
        }
    }
}
