namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// How much loss one bridge repaired, in both directions (docs/protocol.md, "What the bridge does for the media"):
/// sequence numbers it asked publishers and origin bridges for again, the RTX repairs publishers sent, and the
/// retransmissions it sent viewers from its caches. Counted as events happen, from any receive thread;
/// exposed in /metrics.
/// </summary>
public sealed class LossRecoveryCounters
{
    private long _requestedFromPublishers;
    private long _requestedFromOrigins;
    private long _repairsForwarded;
    private long _repairsDropped;
    private long _retransmittedToViewers;

    /// <summary>Sequence numbers asked of local publishers in generic NACKs.</summary>
    public long RequestedFromPublishers => Interlocked.Read(ref _requestedFromPublishers);

    /// <summary>Sequence numbers asked of origin bridges for relayed sources.</summary>
    public long RequestedFromOrigins => Interlocked.Read(ref _requestedFromOrigins);

    /// <summary>RTX packets from publishers rebuilt and forwarded.</summary>
    public long RepairsForwarded => Interlocked.Read(ref _repairsForwarded);

    /// <summary>RTX packets from publishers not forwarded: already here, too old, or padding only.</summary>
    public long RepairsDropped => Interlocked.Read(ref _repairsDropped);

    /// <summary>Packets resent to viewers from the bridge's caches, answering their NACKs.</summary>
    public long RetransmittedToViewers => Interlocked.Read(ref _retransmittedToViewers);

    internal void OnRequested(bool fromOrigin, int count) =>
        Interlocked.Add(ref fromOrigin ? ref _requestedFromOrigins : ref _requestedFromPublishers, count);

    internal void OnRepair(bool forwarded) => Interlocked.Increment(ref forwarded ? ref _repairsForwarded : ref _repairsDropped);

    internal void OnRetransmitted() => Interlocked.Increment(ref _retransmittedToViewers);

    private long _keyframeRequests;

    /// <summary>Keyframe requests sent for video sources: PLIs to local publishers, requests to origin bridges.</summary>
    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    internal void OnKeyframeRequested() => Interlocked.Increment(ref _keyframeRequests);
}
