namespace OctoMesh.Media.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866) with the session-level attributes WebRTC uses
/// (JSEP, RFC 8829 §5.2.1) and its media sections. <see cref="Parse"/> never throws on hostile input;
/// <see cref="ToString"/> writes RFC 8866 text with CRLF line ends.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Largest SDP accepted by <see cref="Parse"/>, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most lines accepted by <see cref="Parse"/>.</summary>
    public const int MaxLineCount = 2000;

    /// <summary>Most media sections accepted by <see cref="Parse"/>.</summary>
    public const int MaxMediaSections = 256;

    /// <summary>"o=" username; "-" in WebRTC.</summary>
    public string OriginUsername { get; set; } = "-";

    /// <summary>"o=" sess-id, a numeric string that stays the same for the whole session.</summary>
    public string SessionId { get; set; } = "0";

    /// <summary>"o=" sess-version, incremented on every new offer or answer that changes (JSEP §5.2.2).</summary>
    public string SessionVersion { get; set; } = "0";

    /// <summary>"o=" address type, "IP4" or "IP6".</summary>
    public string OriginAddressType { get; set; } = "IP4";

    /// <summary>"o=" unicast address; JSEP §5.2.1 uses 127.0.0.1 (or 0.0.0.0).</summary>
    public string OriginAddress { get; set; } = "127.0.0.1";

    /// <summary>"s=" session name; "-" in WebRTC.</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session-level "c=" value, when present.</summary>
    public string? Connection { get; set; }

    /// <summary>"t=" timing; always "0 0" in WebRTC.</summary>
    public string Timing { get; set; } = "0 0";

    /// <summary>Other session-level lines (i=, u=, e=, p=, b=, r=, z=, k=) kept raw with their "x=" prefix.</summary>
    public List<string> OtherLines { get; set; } = [];

    /// <summary>The mids of the first "a=group:BUNDLE" (RFC 8843 §7.1); the first is the tagged one.</summary>
    public List<string> BundleMids { get; set; } = [];

    /// <summary>Session-level "a=ice-ufrag".</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Session-level "a=ice-pwd".</summary>
    public string? IcePwd { get; set; }

    /// <summary>"a=ice-lite" (RFC 8839 §5.3).</summary>
    public bool IceLite { get; set; }

    /// <summary>Session-level "a=fingerprint".</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Session-level "a=setup".</summary>
    public string? Setup { get; set; }

    /// <summary>The media sections in order; their index is the m-line index JSEP refers to.</summary>
    public List<MediaDescription> Media { get; set; } = [];

    /// <summary>Session-level attributes not modelled above, raw without "a=", e.g. "msid-semantic: WMS *".</summary>
    public List<string> OtherAttributes { get; set; } = [];

    /// <summary>Parses SDP text. Returns an error instead of throwing for any malformed or oversized input.</summary>
    public static SdpParseResult Parse(string sdp) => SdpParser.Parse(sdp);

    /// <summary>The section with <paramref name="mid"/>, or null.</summary>
    public MediaDescription? FindMedia(string mid) => Media.FirstOrDefault(m => m.Mid == mid);

    /// <summary>The media-level ice-ufrag, else the session-level one (RFC 8839 §5.4).</summary>
    public string? EffectiveIceUfrag(MediaDescription media) => media.IceUfrag ?? IceUfrag;

    /// <summary>The media-level ice-pwd, else the session-level one.</summary>
    public string? EffectiveIcePwd(MediaDescription media) => media.IcePwd ?? IcePwd;

    /// <summary>The media-level fingerprint, else the session-level one (RFC 8122 §5).</summary>
    public SdpFingerprint? EffectiveFingerprint(MediaDescription media) => media.Fingerprint ?? Fingerprint;

    /// <summary>The media-level setup, else the session-level one.</summary>
    public string? EffectiveSetup(MediaDescription media) => media.Setup ?? Setup;

    /// <summary>Writes the description as SDP text with CRLF line ends.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
