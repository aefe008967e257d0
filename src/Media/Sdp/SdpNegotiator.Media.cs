namespace OctoMesh.Media.Sdp;

/// <summary>Per-m-line answer rules (JSEP, RFC 8829 §5.3.1).</summary>
public static partial class SdpNegotiator
{
    /// <param name="bundledExtensionUris">
    /// The extension URI each id names in the sections answered so far; the section's accepted
    /// extensions are added to it.
    /// </param>
    private static (MediaDescription Media, NegotiatedMedia Outcome) AnswerMedia(
        SessionDescription offer, MediaDescription offered, int index, bool bundleless, LocalMediaOptions options,
        Dictionary<int, string> bundledExtensionUris)
    {
        var reason = CheckTransport(offer, offered, bundleless);
        var lineOptions = offered.Mid is { } mid ? options.MediaLines.GetValueOrDefault(mid) : null;
        var codecs = reason == MediaRejectionReason.None
            ? NegotiateCodecs(offered, options.Capabilities, lineOptions?.RequiredCodec, out reason)
            : [];

        if (reason != MediaRejectionReason.None)
        {
            return (Rejected(offered), new NegotiatedMedia { Index = index, Mid = offered.Mid, Kind = offered.Kind, RejectionReason = reason });
        }

        var track = lineOptions?.Track;
        var direction = AnswerDirection(offered.Direction, track is not null);
        var answer = new MediaDescription
        {
            Kind = offered.Kind,
            KindName = offered.KindName,
            Protocol = offered.Protocol,
            Formats = [.. codecs.Select(c => SdpTokens.Format(c.PayloadType))],
            Mid = offered.Mid,
            Direction = direction,
            RtcpMux = true,
            RtcpRsize = offered.RtcpRsize,
            Codecs = codecs,
            Extensions = AcceptExtensions(offered, options.Capabilities, bundledExtensionUris),
        };

        if (offered.OtherAttributes.Contains(SdpAttributeNames.ExtMapAllowMixed))
        {
            answer.OtherAttributes.Add(SdpAttributeNames.ExtMapAllowMixed);
        }

        var sentTrack = direction.Sends() ? track : null;
        if (sentTrack is not null)
        {
            AddLocalTrack(answer, sentTrack, rtxNegotiated: codecs.Any(c => c.IsRtx));
        }

        var remoteSends = offered.Direction.Sends();
        if (remoteSends)
        {
            AnswerSimulcast(offered, answer);
        }

        var primarySsrcs = remoteSends ? offered.PrimarySsrcs : [];
        var outcome = new NegotiatedMedia
        {
            Index = index,
            Mid = offered.Mid,
            Kind = offered.Kind,
            Direction = direction,
            Codecs = codecs,
            ExtensionIds = answer.Extensions.ToDictionary(e => e.Uri, e => e.Id),
            RtcpRsize = offered.RtcpRsize,
            RemoteSsrcs = primarySsrcs,
            RemoteRtxSsrcs = primarySsrcs
                .Select(ssrc => (Primary: ssrc, Rtx: offered.RtxSsrcFor(ssrc)))
                .Where(pair => pair.Rtx is not null)
                .ToDictionary(pair => pair.Primary, pair => pair.Rtx!.Value),
            RemoteSimulcastSsrcs = remoteSends
                ? offered.SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.Simulcast)?.Ssrcs ?? []
                : [],
            RemoteRids = remoteSends ? RemoteSendRids(offered) : [],
            RemoteSimulcast = remoteSends && offered.Simulcast is { Send.Count: > 0 } ? offered.Simulcast : null,
            RemoteCname = remoteSends ? offered.Cname : null,
            RemoteMsidStream = offered.MsidStream,
            RemoteMsidTrack = offered.MsidTrack,
            LocalTrack = sentTrack,
        };
        return (answer, outcome);
    }

    private static MediaRejectionReason CheckTransport(SessionDescription offer, MediaDescription offered, bool bundleless)
    {
        if (offered.IsRejected)
        {
            return MediaRejectionReason.RejectedByOfferer;
        }

        if (offered.Kind == MediaKind.Application)
        {
            return MediaRejectionReason.UnsupportedMediaType;
        }

        // RFC 5764 §8 / JSEP §5.1.2: DTLS-SRTP with AVPF ("UDP/TLS/RTP/SAVPF", also TCP/TLS/...).
        if (!offered.Protocol.Contains("TLS/RTP/SAVP", StringComparison.Ordinal))
        {
            return MediaRejectionReason.UnsupportedProtocol;
        }

        if (offered.Mid is null)
        {
            return MediaRejectionReason.MissingMid;
        }

        if (!bundleless && !offer.BundleMids.Contains(offered.Mid))
        {
            return MediaRejectionReason.NotBundled;
        }

        return offered.RtcpMux ? MediaRejectionReason.None : MediaRejectionReason.RtcpMuxNotOffered;
    }

    /// <summary>
    /// The offered extensions the bridge supports, with their directions reversed. An id already
    /// naming another URI in an earlier section is declined (RFC 8285 §6: the answerer may leave an
    /// extension out): all bundled sections share one RTP session, where an id must mean one extension
    /// (RFC 8843 §9.2). aiortc offers id 2 as ssrc-audio-level for audio and abs-send-time for video,
    /// and its receiver, which reads both sections' ids through one map, then fails on every packet
    /// carrying the audio level.
    /// </summary>
    private static List<RtpExtension> AcceptExtensions(
        MediaDescription offered, MediaCapabilities capabilities, Dictionary<int, string> bundledExtensionUris)
    {
        var accepted = new List<RtpExtension>(offered.Extensions.Count);
        foreach (var extension in offered.Extensions)
        {
            if (!capabilities.SupportsExtension(offered.Kind, extension.Uri))
            {
                continue;
            }

            if (bundledExtensionUris.TryGetValue(extension.Id, out var uri) && uri != extension.Uri)
            {
                continue;
            }

            bundledExtensionUris[extension.Id] = extension.Uri;
            accepted.Add(extension with { Direction = extension.Direction?.Reverse() });
        }

        return accepted;
    }

    /// <summary>
    /// The offered codecs the bridge supports (and the restriction allows), in the offer's order, each
    /// followed by its RTX when the offer pairs one with it.
    /// </summary>
    private static List<RtpCodec> NegotiateCodecs(
        MediaDescription offered, MediaCapabilities capabilities, RtpCodec? required, out MediaRejectionReason reason)
    {
        var supported = capabilities.CodecsFor(offered.Kind);
        var accepted = new List<RtpCodec>();
        var anySupported = false;
        foreach (var codec in offered.Codecs.Where(c => !c.IsRtx))
        {
            var capability = supported.FirstOrDefault(s => CodecMatching.Matches(codec, s));
            if (capability is null)
            {
                continue;
            }

            anySupported = true;
            if (required is null || CodecMatching.Matches(codec, required))
            {
                accepted.Add(CodecMatching.CreateAnswerCodec(codec, capability, capabilities.SupportedFeedback));
            }
        }

        var result = new List<RtpCodec>(accepted.Count * 2);
        foreach (var codec in accepted)
        {
            result.Add(codec);
            var offeredRtx = offered.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == codec.PayloadType);
            if (offeredRtx is not null)
            {
                result.Add(CodecMatching.CreateAnswerRtx(offeredRtx, codec));
            }
        }

        reason = result.Count > 0 ? MediaRejectionReason.None
            : anySupported ? MediaRejectionReason.RequiredCodecNotOffered
            : MediaRejectionReason.NoCommonCodec;
        return result;
    }

    /// <summary>
    /// RFC 3264 §6.1 directions: the bridge receives whatever the offerer sends and sends only where it
    /// has a track and the offerer receives.
    /// </summary>
    internal static MediaDirection AnswerDirection(MediaDirection offered, bool hasTrack) => offered switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => hasTrack ? MediaDirection.SendOnly : MediaDirection.Inactive,
        MediaDirection.SendRecv => hasTrack ? MediaDirection.SendRecv : MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>RFC 8853 §5.3: answer "a=simulcast:send X" with "a=simulcast:recv X" and "a=rid:id recv" lines.</summary>
    private static void AnswerSimulcast(MediaDescription offered, MediaDescription answer)
    {
        if (offered.Simulcast is not { Send.Count: > 0 } simulcast)
        {
            return;
        }

        var offeredRids = offered.Rids.Where(r => r.Direction == RidDirection.Send).Select(r => r.Id).ToHashSet();
        var streams = simulcast.Send
            .Select(stream => stream.Where(rid => offeredRids.Contains(rid.Id)).ToList())
            .Where(stream => stream.Count > 0)
            .ToList();
        if (streams.Count == 0)
        {
            return;
        }

        answer.Simulcast = new SimulcastDescription { Recv = streams };
        // Restrictions are dropped: the bridge accepts whatever each layer carries (RFC 8851 §4).
        answer.Rids = [.. streams.SelectMany(s => s).Select(rid => new RidDescription(rid.Id, RidDirection.Recv, null))];
    }

    private static List<string> RemoteSendRids(MediaDescription offered) =>
        offered.Simulcast is { Send.Count: > 0 } simulcast
            ? [.. simulcast.SendRidIds]
            : [.. offered.Rids.Where(r => r.Direction == RidDirection.Send).Select(r => r.Id)];

    /// <summary>RFC 8830 §2 msid, RFC 5576 §4 ssrc cname/msid and the FID group when RTX is negotiated.</summary>
    internal static void AddLocalTrack(MediaDescription media, LocalTrack track, bool rtxNegotiated)
    {
        media.MsidStream = track.StreamId;
        media.MsidTrack = track.TrackId;
        var msid = track.StreamId + " " + track.TrackId;
        var ssrcs = rtxNegotiated && track.RtxSsrc is { } rtx ? new[] { track.Ssrc, rtx } : [track.Ssrc];
        if (ssrcs.Length == 2)
        {
            media.SsrcGroups.Add(new SsrcGroup(SsrcGroup.FlowIdentification, [.. ssrcs]));
        }

        foreach (var ssrc in ssrcs)
        {
            media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", track.Cname));
            media.Ssrcs.Add(new SsrcAttribute(ssrc, "msid", msid));
        }
    }

    /// <summary>JSEP §5.3.1: a rejected section keeps its kind, protocol, formats and mid, with port 0.</summary>
    private static MediaDescription Rejected(MediaDescription offered) => new()
    {
        Kind = offered.Kind,
        KindName = offered.KindName,
        Port = 0,
        Protocol = offered.Protocol,
        Formats = [.. offered.Formats],
        Mid = offered.Mid,
        Direction = MediaDirection.Inactive,
    };
}
