namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The way back to a relayed source's origin bridge: keyframe requests, NACKs for what this bridge
/// lost itself, and whether any local viewer still watches the source (a bridge pulls only what its
/// viewers watch).
/// </summary>
public interface IRelayUplink
{
    /// <summary>The most sequence numbers one retransmission request carries, and the origin answers.</summary>
    public const int MaxSequenceNumbersPerRequest = 64;

    void RequestKeyframe(MediaSource source);

    void RequestRetransmission(MediaSource source, ReadOnlySpan<ushort> sequenceNumbers);

    void SubscriptionChanged(MediaSource source, bool watched);
}
