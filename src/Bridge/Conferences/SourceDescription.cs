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
    string TrackId);
