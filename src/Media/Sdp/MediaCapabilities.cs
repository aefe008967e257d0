namespace OctoMesh.Media.Sdp;

/// <summary>
/// What the bridge can receive and forward: codecs (with the payload types used when it writes its own
/// offers), RTCP feedback and header extensions (with the ids used in its own offers). Answers keep the
/// offer's payload types and extension ids.
/// </summary>
public sealed class MediaCapabilities
{
    /// <summary>The RTP clock of every video codec (RFC 7741 §6.1 and its siblings).</summary>
    public const int VideoClockRate = 90000;

    /// <summary>Opus always signals 48000/2 (RFC 7587 §7).</summary>
    public const int OpusClockRate = 48000;

    /// <summary>Header extension URIs (RFC 8285 §5 names them).</summary>
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /// <summary>RFC 6464 client-to-mixer audio level.</summary>
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /// <summary>Absolute send time (REMB).</summary>
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /// <summary>Transport-wide sequence number for transport-cc.</summary>
    public const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /// <summary>RFC 8852 RtpStreamId (simulcast rid).</summary>
    public const string RtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /// <summary>RFC 8852 RepairedRtpStreamId (the rid an RTX stream repairs).</summary>
    public const string RepairedRtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /// <summary>3GPP TS 26.114 coordination of video orientation.</summary>
    public const string VideoOrientationUri = "urn:3gpp:video-orientation";

    /// <summary>Audio codecs in order of preference; PayloadType is used in the bridge's own offers.</summary>
    public List<RtpCodec> AudioCodecs { get; set; } = [];

    /// <summary>
    /// Video codecs in order of preference; <see cref="RtpCodec.RtxPayloadType"/> marks those that get an
    /// RTX companion in the bridge's own offers. In answers RTX follows the offer.
    /// </summary>
    public List<RtpCodec> VideoCodecs { get; set; } = [];

    /// <summary>rtcp-fb values the bridge understands (RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb).</summary>
    public List<string> SupportedFeedback { get; set; } = [];

    /// <summary>Audio header extensions, with the ids the bridge's own offers use.</summary>
    public List<RtpExtension> AudioExtensions { get; set; } = [];

    /// <summary>Video header extensions, with the ids the bridge's own offers use.</summary>
    public List<RtpExtension> VideoExtensions { get; set; } = [];

    /// <summary>The codec list for <paramref name="kind"/> (empty for application).</summary>
    public List<RtpCodec> CodecsFor(MediaKind kind) => kind switch
    {
        MediaKind.Audio => AudioCodecs,
        MediaKind.Video => VideoCodecs,
        _ => [],
    };

    /// <summary>The extension list for <paramref name="kind"/> (empty for application).</summary>
    public List<RtpExtension> ExtensionsFor(MediaKind kind) => kind switch
    {
        MediaKind.Audio => AudioExtensions,
        MediaKind.Video => VideoExtensions,
        _ => [],
    };

    /// <summary>True when <paramref name="uri"/> is supported for <paramref name="kind"/>.</summary>
    public bool SupportsExtension(MediaKind kind, string uri) => ExtensionsFor(kind).Any(e => e.Uri == uri);

    /// <summary>
    /// Codecs for a bridge-written offer of <paramref name="kind"/>: copies of the capability codecs with
    /// their RTX companions appended after each, as browsers order them.
    /// </summary>
    public List<RtpCodec> CreateOfferCodecs(MediaKind kind)
    {
        var codecs = new List<RtpCodec>();
        foreach (var codec in CodecsFor(kind))
        {
            codecs.Add(codec.Clone());
            if (codec.RtxPayloadType is { } rtx)
            {
                codecs.Add(RtpCodec.CreateRtx(rtx, codec.PayloadType, codec.ClockRate));
            }
        }

        return codecs;
    }

    /// <summary>Extensions for a bridge-written offer of <paramref name="kind"/>.</summary>
    public List<RtpExtension> CreateOfferExtensions(MediaKind kind) => [.. ExtensionsFor(kind)];

    /// <summary>
    /// The default set: opus; VP8; VP9 profiles 0 and 2; H.264 packetization-mode 1 in Constrained
    /// Baseline, Baseline, Main and High; AV1 — video with RTX; nack, pli, fir, REMB, transport-cc; and the
    /// seven header extensions the forwarding path reads or rewrites.
    /// </summary>
    public static MediaCapabilities CreateDefault()
    {
        string[] videoFeedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];
        return new MediaCapabilities
        {
            AudioCodecs =
            [
                Codec(111, "opus", OpusClockRate, 2, ["transport-cc", "nack"], ("minptime", "10"), ("useinbandfec", "1")),
            ],
            VideoCodecs =
            [
                Video(96, 97, "VP8", videoFeedback),
                Video(98, 99, "VP9", videoFeedback, ("profile-id", "0")),
                Video(100, 101, "VP9", videoFeedback, ("profile-id", "2")),
                // Level 5.2 (0x34): the bridge forwards without decoding, so it never lowers a sender's level.
                H264(102, 103, "42e034", videoFeedback),
                H264(104, 105, "420034", videoFeedback),
                H264(106, 107, "4d0034", videoFeedback),
                H264(108, 109, "640034", videoFeedback),
                Video(45, 46, "AV1", videoFeedback),
            ],
            SupportedFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"],
            AudioExtensions =
            [
                new RtpExtension(1, AudioLevelUri, null),
                new RtpExtension(2, AbsSendTimeUri, null),
                new RtpExtension(3, TransportWideCcUri, null),
                new RtpExtension(4, MidUri, null),
            ],
            VideoExtensions =
            [
                new RtpExtension(2, AbsSendTimeUri, null),
                new RtpExtension(3, TransportWideCcUri, null),
                new RtpExtension(4, MidUri, null),
                new RtpExtension(10, RtpStreamIdUri, null),
                new RtpExtension(11, RepairedRtpStreamIdUri, null),
                new RtpExtension(13, VideoOrientationUri, null),
            ],
        };
    }

    private static RtpCodec Video(int payloadType, int rtxPayloadType, string name, string[] feedback, params (string Key, string Value)[] parameters)
    {
        var codec = Codec(payloadType, name, VideoClockRate, 1, feedback, parameters);
        codec.RtxPayloadType = rtxPayloadType;
        return codec;
    }

    private static RtpCodec H264(int payloadType, int rtxPayloadType, string profileLevelId, string[] feedback) =>
        Video(payloadType, rtxPayloadType, "H264", feedback,
            ("level-asymmetry-allowed", "1"), (CodecMatching.PacketizationModeParameter, "1"), (H264ProfileLevelId.ParameterName, profileLevelId));

    private static RtpCodec Codec(int payloadType, string name, int clockRate, int channels, string[] feedback, params (string Key, string Value)[] parameters)
    {
        var codec = new RtpCodec { PayloadType = payloadType, Name = name, ClockRate = clockRate, Channels = channels, Feedback = [.. feedback] };
        foreach (var (key, value) in parameters)
        {
            codec.Parameters[key] = value;
        }

        return codec;
    }
}
