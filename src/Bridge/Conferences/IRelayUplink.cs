namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The way back to a relayed source's origin bridge: keyframe requests and NACKs for what this bridge lost
/// itself (both per layer, named by the layer's SSRC), and whether any local viewer still watches the source
/// (a bridge pulls only what its viewers watch).
/// </summary>
public interface IRelayUplink
{
    /// <summary>The most sequence numbers one retransmission request carries, and the origin answers.</summary>
    public const int MaxSequenceNumbersPerRequest = 64;

    void RequestKeyframe(SourceLayer layer);

    void RequestRetransmission(SourceLayer layer, ReadOnlySpan<ushort> sequenceNumbers);

    /// <summary>Start or stop pulling <paramref name="source"/> (named by its SSRC, never 0); see <see cref="MediaSource.SyncRelaySubscription"/>.</summary>
    void SubscriptionChanged(MediaSource source, bool watched);
}
