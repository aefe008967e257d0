using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Sdp;

namespace OctoMesh.Bridge.Signaling;

/// <summary>Between the SDP model (Media) and the conference model: codecs, kinds, extension maps.</summary>
internal static class SdpConversions
{
    public static NegotiatedCodec ToNegotiated(RtpCodec codec) =>
        new(codec.Name, codec.ClockRate, codec.Channels, codec.PayloadType, codec.RtxPayloadType,
            codec.Parameters.Count == 0 ? null : codec.FormatParameters());

    public static RtpCodec ToSdp(NegotiatedCodec codec, int payloadType)
    {
        var sdp = new RtpCodec { PayloadType = payloadType, Name = codec.Name, ClockRate = codec.ClockRate, Channels = codec.Channels };
        foreach (var pair in (codec.Fmtp ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                sdp.Parameters[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return sdp;
    }

    /// <summary>
    /// The simulcast layers an offer announced: its send rids (RFC 8853; their SSRCs come with the first packets,
    /// whatever a=ssrc lines say), else its "a=ssrc-group:SIM" SSRCs with their FID repair SSRCs. Empty for one stream.
    /// </summary>
    public static List<LayerDescription> ToSimulcastLayers(NegotiatedMedia media)
    {
        if (media.RemoteRids.Count > 1)
        {
            return [.. media.RemoteRids.Distinct(StringComparer.Ordinal).Take(MediaSource.MaxLayers).Select(rid => new LayerDescription(rid, null, null))];
        }

        if (media.RemoteSimulcastSsrcs.Count > 1)
        {
            return [.. media.RemoteSimulcastSsrcs.Take(MediaSource.MaxLayers)
                .Select(ssrc => new LayerDescription(null, ssrc, media.RemoteRtxSsrcs.TryGetValue(ssrc, out var rtx) ? rtx : null))];
        }

        return [];
    }

    public static TrackKind? ToTrackKind(MediaKind kind) => kind switch
    {
        MediaKind.Audio => TrackKind.Audio,
        MediaKind.Video => TrackKind.Video,
        _ => null,
    };

    public static MediaKind ToMediaKind(TrackKind kind) => kind == TrackKind.Audio ? MediaKind.Audio : MediaKind.Video;

    public static RtpExtensionIds ToExtensionIds(IReadOnlyDictionary<string, int> idsByUri) => new(idsByUri);

    /// <summary>The transport-wide sequence number extension id an answer accepted (one per BUNDLE transport), or 0.</summary>
    public static int TransportCcId(IEnumerable<NegotiatedMedia> media)
    {
        foreach (var line in media)
        {
            if (line.Accepted && line.ExtensionIds.TryGetValue(MediaCapabilities.TransportWideCcUri, out var id))
            {
                return id;
            }
        }

        return 0;
    }

    /// <summary>Capabilities without transport-cc: the bridge steers publishers by REMB and does not send transport feedback.</summary>
    public static MediaCapabilities BridgeCapabilities()
    {
        var capabilities = MediaCapabilities.CreateDefault();
        capabilities.SupportedFeedback.Remove("transport-cc");
        foreach (var codec in capabilities.AudioCodecs.Concat(capabilities.VideoCodecs))
        {
            codec.Feedback.Remove("transport-cc");
        }

        capabilities.AudioExtensions.RemoveAll(e => e.Uri == MediaCapabilities.TransportWideCcUri);
        capabilities.VideoExtensions.RemoveAll(e => e.Uri == MediaCapabilities.TransportWideCcUri);
        return capabilities;
    }
}
