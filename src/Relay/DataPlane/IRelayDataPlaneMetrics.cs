using OctoMesh.Relay.Frames;

namespace OctoMesh.Relay.DataPlane;

/// <summary>
/// What the relay's data plane counts, for the host to export (the bridge implements it with prometheus-net).
/// Called on the packet path: implementations resolve labels once, in <see cref="ForPeer"/>, never per packet.
/// </summary>
public interface IRelayDataPlaneMetrics
{
    /// <summary>The counters of one peer bridge, made once when the peer is added.</summary>
    IRelayPeerCounters ForPeer(string peerId);

    /// <summary>A frame was dropped.</summary>
    void Dropped(RelayDropReason reason);
}

/// <summary>The relay frames and bytes exchanged with one peer bridge.</summary>
public interface IRelayPeerCounters
{
    void Sent(RelayFrameKind kind, int frameBytes);

    void Received(RelayFrameKind kind, int frameBytes);
}

/// <summary>Why the data plane dropped a relay frame.</summary>
public enum RelayDropReason
{
    /// <summary>A frame for a peer this bridge has no overlay address for.</summary>
    UnknownPeer,

    /// <summary>The frame could not be written or the transport refused it.</summary>
    SendFailed,

    /// <summary>A frame from an overlay address no peer has.</summary>
    UnknownSender,

    /// <summary>A frame whose relay header did not parse.</summary>
    Malformed,
}
