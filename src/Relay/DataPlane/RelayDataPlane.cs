using System.Collections.Concurrent;
using System.Net;
using OctoMesh.Relay.Frames;

namespace OctoMesh.Relay.DataPlane;

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
    private readonly ConcurrentDictionary<string, IRelayPeerCounters> _counters = new(StringComparer.Ordinal);
    private readonly IRelayDataPlaneMetrics _metrics;

    public RelayDataPlane(IRelayTransport transport, IRelayDataPlaneMetrics metrics)
    {
        _transport = transport;
        _metrics = metrics;
        _transport.FrameReceived += OnFrame;
    }

    public IRelayTransport Transport => _transport;

    /// <summary>Receives parsed frames (on the tunnel's receive thread).</summary>
    public Action<string, RelayFrameHeader, ReadOnlySpan<byte>>? FrameReceived { get; set; }

    public void SetPeer(string peerId, IPAddress overlay)
    {
        _overlayByPeer[peerId] = overlay;
        _peerByOverlay[overlay] = peerId;
        _counters.GetOrAdd(peerId, _metrics.ForPeer);
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
            _metrics.Dropped(RelayDropReason.UnknownPeer);
            return false;
        }

        Span<byte> frame = stackalloc byte[MaxFrameSize];
        var length = RelayFrame.Write(frame, kind, conferenceId, endpointNumber, packet);
        if (length == 0 || !_transport.Send(overlay, frame[..length]))
        {
            _metrics.Dropped(RelayDropReason.SendFailed);
            return false;
        }

        if (_counters.TryGetValue(peerId, out var counters))
        {
            counters.Sent(kind, length);
        }
        return true;
    }

    private void OnFrame(IPAddress source, ReadOnlySpan<byte> payload)
    {
        if (!_peerByOverlay.TryGetValue(source, out var peerId))
        {
            _metrics.Dropped(RelayDropReason.UnknownSender);
            return;
        }

        if (!RelayFrame.TryParse(payload, out var header, out var packet))
        {
            _metrics.Dropped(RelayDropReason.Malformed);
            return;
        }

        if (_counters.TryGetValue(peerId, out var counters))
        {
            counters.Received(header.Kind, payload.Length);
        }
        FrameReceived?.Invoke(peerId, header, packet);
    }

    public void Dispose()
    {
        _transport.FrameReceived -= OnFrame;
        _transport.Dispose();
    }
}
