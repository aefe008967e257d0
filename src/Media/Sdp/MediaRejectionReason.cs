namespace OctoMesh.Media.Sdp;

/// <summary>Why the answer rejected (port 0) an offered media section.</summary>
public enum MediaRejectionReason
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>The offer itself rejected it (port 0 without a=bundle-only).</summary>
    RejectedByOfferer,

    /// <summary>Not audio or video (e.g. a data channel: the bridge has no SCTP).</summary>
    UnsupportedMediaType,

    /// <summary>Not DTLS-SRTP ("UDP/TLS/RTP/SAVPF").</summary>
    UnsupportedProtocol,

    /// <summary>No a=mid, so it cannot be bundled.</summary>
    MissingMid,

    /// <summary>Not in the offer's BUNDLE group; the bridge is BUNDLE-only (RFC 8843).</summary>
    NotBundled,

    /// <summary>No a=rtcp-mux; the bridge is rtcp-mux-only (RFC 5761, RFC 8829 §4.1.1 "require").</summary>
    RtcpMuxNotOffered,

    /// <summary>No offered codec is in <see cref="MediaCapabilities"/>.</summary>
    NoCommonCodec,

    /// <summary>The offer lacks the codec <see cref="MediaLineOptions.RequiredCodec"/> demands.</summary>
    RequiredCodecNotOffered,
}
