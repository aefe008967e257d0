namespace OctoMesh.Media.Sdp;

/// <summary>What the bridge wants for one offered media section, keyed by mid in <see cref="LocalMediaOptions"/>.</summary>
public sealed class MediaLineOptions
{
    /// <summary>A track to send on this section; it turns a recvonly offer into a sendonly answer.</summary>
    public LocalTrack? Track { get; set; }

    /// <summary>
    /// When set, the answer may only use codecs matching this one (name, clock rate, channels and the
    /// codec's profile parameters), e.g. VP8 because that is what the publisher sends. If the offer has
    /// no such codec the section is rejected with <see cref="MediaRejectionReason.RequiredCodecNotOffered"/>.
    /// </summary>
    public RtpCodec? RequiredCodec { get; set; }
}
