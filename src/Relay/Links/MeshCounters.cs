namespace OctoMesh.Relay.Links;

/// <summary>Counters of one <see cref="MeshNode"/>, for /metrics. Reads are lock-free snapshots.</summary>
public sealed class MeshCounters
{
    private long _linksUp;
    private long _linksEstablished;
    private long _reconnects;
    private long _dialFailures;
    private long _heartbeatsMissed;
    private long _messagesIn;
    private long _messagesOut;
    private long _messagesDropped;
    private long _certificatesRejected;
    private long _hellosRejected;

    /// <summary>Links currently up (a gauge).</summary>
    public long LinksUp => Volatile.Read(ref _linksUp);

    /// <summary>Links that completed a Hello exchange since start.</summary>
    public long LinksEstablished => Volatile.Read(ref _linksEstablished);

    /// <summary>Dial attempts after the first to the same peer (after a failure or a lost link).</summary>
    public long Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Dial attempts that did not produce a link (connect, TLS, or Hello failed).</summary>
    public long DialFailures => Volatile.Read(ref _dialFailures);

    /// <summary>Links dropped because the peer was silent past the heartbeat deadline.</summary>
    public long HeartbeatsMissed => Volatile.Read(ref _heartbeatsMissed);

    /// <summary>Messages received on all links, heartbeats included.</summary>
    public long MessagesIn => Volatile.Read(ref _messagesIn);

    /// <summary>Messages written to all links, heartbeats included.</summary>
    public long MessagesOut => Volatile.Read(ref _messagesOut);

    /// <summary>Queued messages dropped because a link's outgoing queue was full, or sends to a peer with no link.</summary>
    public long MessagesDropped => Volatile.Read(ref _messagesDropped);

    /// <summary>
    /// Client certificates refused because no registered peer has that fingerprint: at the TLS
    /// handshake, or on a call over a connection authenticated before the peer was unregistered.
    /// </summary>
    public long CertificatesRejected => Volatile.Read(ref _certificatesRejected);

    /// <summary>Links closed during the Hello exchange (wrong bridge id, wrong direction, no Hello).</summary>
    public long HellosRejected => Volatile.Read(ref _hellosRejected);

    internal void LinkUp()
    {
        Interlocked.Increment(ref _linksUp);
        Interlocked.Increment(ref _linksEstablished);
    }

    internal void LinkDown() => Interlocked.Decrement(ref _linksUp);

    internal void Reconnect() => Interlocked.Increment(ref _reconnects);

    internal void DialFailed() => Interlocked.Increment(ref _dialFailures);

    internal void HeartbeatMissed() => Interlocked.Increment(ref _heartbeatsMissed);

    internal void MessageIn() => Interlocked.Increment(ref _messagesIn);

    internal void MessageOut() => Interlocked.Increment(ref _messagesOut);

    internal void MessageDropped() => Interlocked.Increment(ref _messagesDropped);

    internal void CertificateRejected() => Interlocked.Increment(ref _certificatesRejected);

    internal void HelloRejected() => Interlocked.Increment(ref _hellosRejected);
}
