namespace OctoMesh.Media.Sdp;

/// <summary>
/// The outcome for one offered media section: accepted or why not, the answer's direction, the
/// negotiated codecs with payload types, the header extension id map, and what the remote side
/// announced it sends (SSRCs, RTX SSRCs, rids).
/// </summary>
public sealed class NegotiatedMedia
{
    /// <summary>The m-line index (JSEP's "m= section index").</summary>
    public int Index { get; init; }

    /// <summary>The section's mid; null only for a rejected section without one.</summary>
    public string? Mid { get; init; }

    /// <summary>Audio, video or application.</summary>
    public MediaKind Kind { get; init; }

    /// <summary>True when the answer accepts the section (non-zero port, in BUNDLE).</summary>
    public bool Accepted => RejectionReason == MediaRejectionReason.None;

    /// <summary>Why the section was rejected; <see cref="MediaRejectionReason.None"/> when accepted.</summary>
    public MediaRejectionReason RejectionReason { get; init; }

    /// <summary>The direction the answer states, from the bridge's point of view.</summary>
    public MediaDirection Direction { get; init; } = MediaDirection.Inactive;

    /// <summary>Negotiated codecs in preference order, RTX codecs included with their apt.</summary>
    public List<RtpCodec> Codecs { get; init; } = [];

    /// <summary>The first non-RTX codec: what the remote side most likely sends and wants to receive.</summary>
    public RtpCodec? PrimaryCodec => Codecs.FirstOrDefault(c => !c.IsRtx);

    /// <summary>Negotiated header extensions: URI to id (the offer's ids).</summary>
    public Dictionary<string, int> ExtensionIds { get; init; } = [];

    /// <summary>True when both sides agreed on reduced-size RTCP (RFC 5506).</summary>
    public bool RtcpRsize { get; init; }

    /// <summary>The SSRCs the remote side announced sending (not RTX); empty for rid-only simulcast.</summary>
    public List<uint> RemoteSsrcs { get; init; } = [];

    /// <summary>Remote primary SSRC to its RTX SSRC ("a=ssrc-group:FID").</summary>
    public Dictionary<uint, uint> RemoteRtxSsrcs { get; init; } = [];

    /// <summary>The remote "a=ssrc-group:SIM" SSRCs (legacy simulcast, lowest layer first by convention); empty if none.</summary>
    public List<uint> RemoteSimulcastSsrcs { get; init; } = [];

    /// <summary>The rids the remote side sends (simulcast layers), in its order of preference.</summary>
    public List<string> RemoteRids { get; init; } = [];

    /// <summary>The remote "a=simulcast", when it offered to send simulcast.</summary>
    public SimulcastDescription? RemoteSimulcast { get; init; }

    /// <summary>The remote RTCP CNAME, when announced.</summary>
    public string? RemoteCname { get; init; }

    /// <summary>The remote "a=msid" stream id.</summary>
    public string? RemoteMsidStream { get; init; }

    /// <summary>The remote "a=msid" track id.</summary>
    public string? RemoteMsidTrack { get; init; }

    /// <summary>The track the bridge sends here, when the answer's direction sends.</summary>
    public LocalTrack? LocalTrack { get; init; }

    /// <summary>The negotiated RTX payload type for the bridge's track, when RTX is negotiated.</summary>
    public int? RtxPayloadType => PrimaryCodec?.RtxPayloadType;
}
