namespace OctoMesh.Relay.Links;

/// <summary>Timing and queue limits of the mesh links (docs/relay.md "Link protocol").</summary>
public sealed class MeshOptions
{
    /// <summary>How often each side sends a Heartbeat. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A link on which nothing arrived for this long is dropped (and redialed if the peer is still
    /// registered). Also bounds the wait for the peer's Hello. Default 3 s.
    /// </summary>
    public TimeSpan HeartbeatDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First reconnect delay; doubles per failed attempt. Default 100 ms.</summary>
    public TimeSpan ReconnectDelayInitial { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The reconnect delay never exceeds this. Default 5 s.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of heartbeats and deadlines (virtual time in tests). Default the system's.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Messages queued per link before the oldest is dropped. Default 4096.</summary>
    public int OutgoingQueueCapacity { get; set; } = 4096;

    /// <summary>Throws if a value cannot work, with a message naming it.</summary>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "must be positive");
        }
        if (HeartbeatDeadline <= HeartbeatInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatDeadline), HeartbeatDeadline,
                "must be longer than HeartbeatInterval, or every link drops between two heartbeats");
        }
        if (ReconnectDelayInitial <= TimeSpan.Zero || ReconnectDelayMax < ReconnectDelayInitial)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelayMax), ReconnectDelayMax,
                "ReconnectDelayInitial must be positive and ReconnectDelayMax at least as long");
        }
        if (OutgoingQueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OutgoingQueueCapacity), OutgoingQueueCapacity, "must be at least 1");
        }
    }
}
