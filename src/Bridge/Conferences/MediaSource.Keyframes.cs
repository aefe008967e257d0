using OctoMesh.Media.Rtcp;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Keyframe requests to the publisher (RFC 4585 §6.3.1 PLI), at most one per <see cref="KeyframeRequestInterval"/>
/// for the whole source however many viewers and layers want one: a request made inside the interval is kept
/// pending per layer and sent when the interval has passed, layers taking turns, so 200 viewers switching
/// layers at once still cost the publisher one PLI per interval. A request is spent when sent: a viewer still
/// waiting asks again with its next packet, as it did before layers.
/// </summary>
public sealed partial class MediaSource
{
    /// <summary>PLIs to the publisher at most this often (Chrome answers each with a keyframe of the layer named).</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    private long _lastKeyframeRequest;
    private int _pendingKeyframeLayers;
    private int _lastRequestedLayer = -1;

    private long _keyframeRequestsSent;

    /// <summary>Keyframe requests sent for this source: PLIs to a local publisher, or requests across the relay to its origin.</summary>
    public long KeyframeRequestsSent => Interlocked.Read(ref _keyframeRequestsSent);

    /// <summary>Layers (bit per index) whose keyframe was asked for and not yet requested from the publisher.</summary>
    public int PendingKeyframeLayers => Volatile.Read(ref _pendingKeyframeLayers);

    /// <summary>Ask for a keyframe of every layer (a new relay subscriber, a viewer's PLI on a single stream).</summary>
    public void RequestKeyframe()
    {
        foreach (var layer in _layers)
        {
            MarkPending(layer.Index);
        }

        FlushKeyframeRequests();
    }

    /// <summary>Ask for a keyframe of <paramref name="layer"/>: now, or when the interval allows.</summary>
    public void RequestKeyframe(SourceLayer layer)
    {
        MarkPending(layer.Index);
        FlushKeyframeRequests();
    }

    /// <summary>Send the next pending request if the interval has passed (called on requests and on the allocation tick).</summary>
    public void FlushKeyframeRequests()
    {
        if (Kind != TrackKind.Video || PendingKeyframeLayers == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyframeRequest);
        if (last != 0 && _time.GetElapsedTime(last, now) < KeyframeRequestInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastKeyframeRequest, now, last) != last || NextPendingLayer() is not { } layer)
        {
            return;
        }

        Interlocked.Increment(ref _keyframeRequestsSent);
        Recovery.OnKeyframeRequested();
        if (Publisher.RelayUplink is { } uplink)
        {
            // The publisher is on another bridge: the request crosses the relay (rate-limited there too).
            uplink.RequestKeyframe(layer);
            return;
        }

        Span<byte> pli = stackalloc byte[64];
        var length = RtcpWriter.WritePli(pli, ConferenceEndpoint.BridgeRtcpSsrc, layer.Ssrc);
        Publisher.PublishTransport?.SendRtcp(pli, length);
    }

    /// <summary>The layer after the last one asked for that is pending and has an SSRC (turns, so none starves).</summary>
    private SourceLayer? NextPendingLayer()
    {
        var pending = PendingKeyframeLayers;
        for (var step = 1; step <= _layers.Length; step++)
        {
            var index = (_lastRequestedLayer + step) % _layers.Length;
            if ((pending & (1 << index)) != 0 && _layers[index].Ssrc != 0)
            {
                _lastRequestedLayer = index;
                Interlocked.And(ref _pendingKeyframeLayers, ~(1 << index));
                return _layers[index];
            }
        }

        return null;
    }

    private void KeyframeArrived(SourceLayer layer)
    {
        var bit = 1 << layer.Index;
        if ((PendingKeyframeLayers & bit) != 0)
        {
            Interlocked.And(ref _pendingKeyframeLayers, ~bit);
        }
    }

    private void MarkPending(int index)
    {
        var bit = 1 << index;
        if ((Volatile.Read(ref _pendingKeyframeLayers) & bit) == 0)
        {
            Interlocked.Or(ref _pendingKeyframeLayers, bit);
        }
    }
}
