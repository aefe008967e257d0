namespace OctoMesh.Relay.WireGuard;

/// <summary>
/// Monotonic counters of one tunnel, safe to read at any time (values are read individually,
/// not as one atomic snapshot).
/// </summary>
public sealed class WireGuardCounters
{
    internal long handshakeInitiationsSent;
    internal long handshakeResponsesSent;
    internal long handshakesCompleted;
    internal long invalidMac1;
    internal long cookieRepliesSent;
    internal long cookieRepliesReceived;
    internal long initiationsFromUnknownKeys;
    internal long replayedInitiations;
    internal long handshakeFailures;
    internal long replaysRejected;
    internal long decryptFailures;
    internal long unknownIndex;
    internal long invalidMessages;
    internal long allowedIpViolations;
    internal long keepalivesSent;
    internal long keepalivesReceived;
    internal long packetsIn;
    internal long bytesIn;
    internal long packetsOut;
    internal long bytesOut;
    internal long queueDrops;

    public long HandshakeInitiationsSent => Volatile.Read(ref handshakeInitiationsSent);
    public long HandshakeResponsesSent => Volatile.Read(ref handshakeResponsesSent);

    /// <summary>Handshakes that produced a confirmed session (initiator: response consumed; responder: first data received).</summary>
    public long HandshakesCompleted => Volatile.Read(ref handshakesCompleted);
    public long InvalidMac1 => Volatile.Read(ref invalidMac1);
    public long CookieRepliesSent => Volatile.Read(ref cookieRepliesSent);
    public long CookieRepliesReceived => Volatile.Read(ref cookieRepliesReceived);
    public long InitiationsFromUnknownKeys => Volatile.Read(ref initiationsFromUnknownKeys);

    /// <summary>Initiations whose TAI64N timestamp was not later than the last accepted one.</summary>
    public long ReplayedInitiations => Volatile.Read(ref replayedInitiations);
    public long HandshakeFailures => Volatile.Read(ref handshakeFailures);

    /// <summary>Transport messages that authenticated but whose counter was seen before or is too old.</summary>
    public long ReplaysRejected => Volatile.Read(ref replaysRejected);
    public long DecryptFailures => Volatile.Read(ref decryptFailures);
    public long UnknownIndex => Volatile.Read(ref unknownIndex);
    public long InvalidMessages => Volatile.Read(ref invalidMessages);
    public long AllowedIpViolations => Volatile.Read(ref allowedIpViolations);
    public long KeepalivesSent => Volatile.Read(ref keepalivesSent);
    public long KeepalivesReceived => Volatile.Read(ref keepalivesReceived);

    /// <summary>Transport data messages received and authenticated (keepalives excluded), and their UDP payload bytes.</summary>
    public long PacketsIn => Volatile.Read(ref packetsIn);
    public long BytesIn => Volatile.Read(ref bytesIn);

    /// <summary>Transport data messages sent (keepalives excluded), and their UDP payload bytes.</summary>
    public long PacketsOut => Volatile.Read(ref packetsOut);
    public long BytesOut => Volatile.Read(ref bytesOut);

    /// <summary>Packets dropped because the queue waiting for a handshake was full, or the handshake gave up.</summary>
    public long QueueDrops => Volatile.Read(ref queueDrops);
}
