namespace OctoMesh.Media.Sdp;

/// <summary>Reading a remote answer to an offer the bridge wrote (JSEP, RFC 8829 §5.10).</summary>
public static partial class SdpNegotiator
{
    /// <summary>Parses <paramref name="answerSdp"/> and applies it to <paramref name="localOffer"/>.</summary>
    public static SdpNegotiationResult ProcessRemoteAnswer(SessionDescription localOffer, string answerSdp)
    {
        var parsed = SessionDescription.Parse(answerSdp);
        return parsed.Description is { } answer
            ? ProcessRemoteAnswer(localOffer, answer)
            : SdpNegotiationResult.Fail("answer: " + parsed.Error);
    }

    /// <summary>
    /// Reads the remote answer to an offer from <see cref="SdpOfferBuilder"/>: checks that it has the same
    /// m-lines with the same mids, takes the remote ICE/DTLS parameters of the BUNDLE transport and the DTLS
    /// role ("a=setup:active" makes the bridge the server), and reports per m-line whether it was accepted,
    /// the effective direction from the bridge's side, the codecs and extension ids the answer kept.
    /// <see cref="NegotiatedAnswer.Description"/> is the remote answer.
    /// </summary>
    public static SdpNegotiationResult ProcessRemoteAnswer(SessionDescription localOffer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(localOffer);
        if (answer.Media.Count != localOffer.Media.Count)
        {
            return SdpNegotiationResult.Fail($"answer has {answer.Media.Count} m-lines, the offer {localOffer.Media.Count}");
        }

        var outcomes = new List<NegotiatedMedia>(answer.Media.Count);
        for (var index = 0; index < answer.Media.Count; index++)
        {
            var offered = localOffer.Media[index];
            var answered = answer.Media[index];
            if (answered.Mid != offered.Mid || answered.Kind != offered.Kind)
            {
                return SdpNegotiationResult.Fail($"answer m-line {index} does not match the offer's mid {offered.Mid}");
            }

            outcomes.Add(ReadAnsweredMedia(index, offered, answered, answer.BundleMids));
        }

        var tagged = outcomes.FirstOrDefault(o => o.Accepted) is { } first ? answer.Media[first.Index] : null;
        if (tagged is null)
        {
            return SdpNegotiationResult.Fail("the answer rejected every m-line");
        }

        var remoteUfrag = answer.EffectiveIceUfrag(tagged);
        var remotePwd = answer.EffectiveIcePwd(tagged);
        var remoteFingerprint = answer.EffectiveFingerprint(tagged);
        if (remoteUfrag is null || remotePwd is null || remoteFingerprint is null)
        {
            return SdpNegotiationResult.Fail("answer lacks ice-ufrag, ice-pwd or fingerprint");
        }

        DtlsSetupRole role;
        switch (answer.EffectiveSetup(tagged))
        {
            // RFC 4145 §4: "active" is the default; RFC 8842 §5.3: an answer never says actpass.
            case null or SetupActive:
                role = DtlsSetupRole.Server;
                break;
            case SetupPassive:
                role = DtlsSetupRole.Client;
                break;
            case var other:
                return SdpNegotiationResult.Fail($"answer has a=setup:{other}");
        }

        return new SdpNegotiationResult(new NegotiatedAnswer
        {
            Description = answer,
            LocalDtlsRole = role,
            RemoteIceUfrag = remoteUfrag,
            RemoteIcePwd = remotePwd,
            RemoteFingerprint = remoteFingerprint,
            RemoteCandidates = [.. answer.Media.SelectMany(m => m.Candidates)],
            Media = outcomes,
        }, null);
    }

    private static NegotiatedMedia ReadAnsweredMedia(int index, MediaDescription offered, MediaDescription answered, List<string> answerBundle)
    {
        var rejected = answered.Port == 0 || (answerBundle.Count > 0 && !answerBundle.Contains(answered.Mid!));
        if (rejected)
        {
            return new NegotiatedMedia { Index = index, Mid = offered.Mid, Kind = offered.Kind, RejectionReason = MediaRejectionReason.RejectedByOfferer };
        }

        // From the bridge's side: it sends only if it offered to and the answerer receives, and so on.
        var sends = offered.Direction.Sends() && answered.Direction.Receives();
        var receives = offered.Direction.Receives() && answered.Direction.Sends();
        var direction = (sends, receives) switch
        {
            (true, true) => MediaDirection.SendRecv,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };

        var remoteSsrcs = receives ? answered.PrimarySsrcs : [];
        return new NegotiatedMedia
        {
            Index = index,
            Mid = offered.Mid,
            Kind = offered.Kind,
            Direction = direction,
            Codecs = [.. answered.Codecs],
            ExtensionIds = answered.Extensions.GroupBy(e => e.Uri).ToDictionary(g => g.Key, g => g.First().Id),
            RtcpRsize = offered.RtcpRsize && answered.RtcpRsize,
            RemoteSsrcs = remoteSsrcs,
            RemoteRtxSsrcs = remoteSsrcs
                .Select(ssrc => (Primary: ssrc, Rtx: answered.RtxSsrcFor(ssrc)))
                .Where(pair => pair.Rtx is not null)
                .ToDictionary(pair => pair.Primary, pair => pair.Rtx!.Value),
            RemoteCname = answered.Cname,
            RemoteMsidStream = answered.MsidStream,
            RemoteMsidTrack = answered.MsidTrack,
        };
    }
}
