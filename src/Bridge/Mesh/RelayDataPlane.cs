using System.Collections.Concurrent;
using System.Net;
using OctoMesh.Relay.Frames;
using Prometheus;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// The relay's data plane (DESIGN.md "Inter-bridge"): relay frames travel as UDP datagrams between
/// overlay addresses inside WireGuard (the bridge's own, or an OS interface; see <see cref="IRelayTransport"/>),
/// so nothing crosses between bridges in clear. One frame per packet per remote bridge, counted per peer.
/// </summary>
public sealed class RelayDataPlane : IDisposable
{
    /// <summary>UDP port of relay frames inside the overlay (the outer port is the tunnel's).</summary>
    public const ushort OverlayPort = 7000;

    private const int MaxFrameSize = RelayFrame.HeaderSize + 1500;

    private readonly IRelayTransport _transport;
    private readonly ConcurrentDictionary<string, IPAddress> _overlayByPeer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, string> _peerByOverlay = new();
    private readonly ConcurrentDictionary<string, PeerCounters> _counters = new(StringComparer.Ordinal);
    private readonly Counter _packets;
    private readonly Counter _bytes;
    private readonly Counter _dropped;

    public RelayDataPlane(IRelayTransport transport, CollectorRegistry registry)
    {
        _transport = transport;
        var factory = Metrics.WithCustomRegistry(registry);
        _packets = factory.CreateCounter("octomesh_relay_packets_total", "Relay frames to and from each peer bridge.", "peer", "direction", "kind");
        _bytes = factory.CreateCounter("octomesh_relay_bytes_total", "Relay frame bytes to and from each peer bridge.", "peer", "direction");
        _dropped = factory.CreateCounter("octomesh_relay_dropped_total", "Relay frames dropped, by reason.", "reason");
        _transport.FrameReceived += OnFrame;
        if (transport is EmbeddedRelayTransport embedded)
        {
            WireGuardMetrics.Register(embedded.Tunnel, registry);
        }
    }

    public IRelayTransport Transport => _transport;

    /// <summary>Receives parsed frames (on the tunnel's receive thread).</summary>
    public Action<string, RelayFrameHeader, ReadOnlySpan<byte>>? FrameReceived { get; set; }

    public void SetPeer(string peerId, IPAddress overlay)
    {
        _overlayByPeer[peerId] = overlay;
        _peerByOverlay[overlay] = peerId;
        _counters.GetOrAdd(peerId, id => new PeerCounters(
            _packets.WithLabels(id, "out", "rtp"), _packets.WithLabels(id, "out", "rtcp"),
            _packets.WithLabels(id, "in", "rtp"), _packets.WithLabels(id, "in", "rtcp"),
            _bytes.WithLabels(id, "out"), _bytes.WithLabels(id, "in")));
    }

    public void RemovePeer(string peerId)
    {
        if (_overlayByPeer.TryRemove(peerId, out var overlay))
        {
            _peerByOverlay.TryRemove(overlay, out _);
        }
    }

    public bool Send(string peerId, RelayFrameKind kind, ulong conferenceId, uint endpointNumber, ReadOnlySpan<byte> packet)
    {
        if (!_overlayByPeer.TryGetValue(peerId, out var overlay))
        {
            _dropped.WithLabels("unknown_peer").Inc();
            return false;
        }

        Span<byte> frame = stackalloc byte[MaxFrameSize];
        var length = RelayFrame.Write(frame, kind, conferenceId, endpointNumber, packet);
        if (length == 0 || !_transport.Send(overlay, frame[..length]))
        {
            _dropped.WithLabels("send_failed").Inc();
            return false;
        }

        if (_counters.TryGetValue(peerId, out var counters))
        {
            (kind == RelayFrameKind.Rtp ? counters.RtpOut : counters.RtcpOut).Inc();
            counters.BytesOut.Inc(length);
        }
        return true;
    }

    private void OnFrame(IPAddress source, ReadOnlySpan<byte> payload)
    {
        if (!_peerByOverlay.TryGetValue(source, out var peerId))
        {
            _dropped.WithLabels("unknown_sender").Inc();
            return;
        }

        if (!RelayFrame.TryParse(payload, out var header, out var packet))
        {
            _dropped.WithLabels("malformed").Inc();
            return;
        }

        if (_counters.TryGetValue(peerId, out var counters))
        {
            (header.Kind == RelayFrameKind.Rtp ? counters.RtpIn : counters.RtcpIn).Inc();
            counters.BytesIn.Inc(payload.Length);
        }
        FrameReceived?.Invoke(peerId, header, packet);
    }

    private sealed record PeerCounters(Counter.Child RtpOut, Counter.Child RtcpOut, Counter.Child RtpIn, Counter.Child RtcpIn,
        Counter.Child BytesOut, Counter.Child BytesIn);

    public void Dispose()
    {
        _transport.FrameReceived -= OnFrame;
        _transport.Dispose();
    }
}
