namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A track a publisher announced in its offer: one m-line. The SSRC may be unknown until the
/// first packet arrives carrying the mid extension (offers without a=ssrc lines, RFC 8843 §9.2).
/// </summary>
public sealed record SourceDescription(
    TrackKind Kind,
    string Mid,
    uint? Ssrc,
    uint? RtxSsrc,
    NegotiatedCodec Codec,
    RtpExtensionIds Extensions,
    string TrackId)
{
    /// <summary>
    /// The simulcast encodings in the publisher's order; empty for a single stream (<see cref="Ssrc"/>,
    /// <see cref="RtxSsrc"/>). Quality order is not assumed from this order: layers are ranked by what they carry.
    /// </summary>
    public IReadOnlyList<LayerDescription> Simulcast { get; init; } = [];

    /// <summary>The layers this description starts with: the simulcast encodings, or the one stream.</summary>
    public IReadOnlyList<LayerDescription> Layers => Simulcast.Count > 0 ? Simulcast : [new LayerDescription(null, Ssrc, RtxSsrc)];
}
