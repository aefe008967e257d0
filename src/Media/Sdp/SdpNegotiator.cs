using System.Security.Cryptography;

namespace OctoMesh.Media.Sdp;

/// <summary>
/// Creates the bridge's answers to remote offers (JSEP, RFC 8829 §5.3). The bridge is ICE-lite
/// (RFC 8839 §2.5), BUNDLE-only (RFC 8843), rtcp-mux-only (RFC 5761) and normally the DTLS server:
/// it answers "a=setup:passive", or "active" when the offer said "passive" (RFC 8842 §5.3).
/// </summary>
public static partial class SdpNegotiator
{
    /// <summary>RFC 8839 §5.4: ice-ufrag is 4 to 256 characters.</summary>
    public const int MinIceUfragLength = 4;

    /// <summary>RFC 8839 §5.4: ice-pwd is 22 to 256 characters.</summary>
    public const int MinIcePwdLength = 22;

    private const string SetupActPass = "actpass";
    private const string SetupActive = "active";
    private const string SetupPassive = "passive";

    /// <summary>Parses <paramref name="offerSdp"/> and answers it; parse failures are reported, not thrown.</summary>
    public static SdpNegotiationResult CreateAnswer(string offerSdp, LocalMediaOptions options)
    {
        var parsed = SessionDescription.Parse(offerSdp);
        return parsed.Description is { } offer
            ? CreateAnswer(offer, options)
            : SdpNegotiationResult.Fail("offer: " + parsed.Error);
    }

    /// <summary>
    /// Answers <paramref name="offer"/>: the same m-lines in the same order with the same mids, each
    /// accepted or rejected with a reason. Fails (without throwing) when the offer cannot be answered at all:
    /// the remote is ICE-lite too, no section is acceptable, or the BUNDLE transport lacks ICE or DTLS
    /// parameters. Throws <see cref="ArgumentException"/> only for invalid <paramref name="options"/>.
    /// </summary>
    public static SdpNegotiationResult CreateAnswer(SessionDescription offer, LocalMediaOptions options)
    {
        ValidateOptions(options);
        if (offer.IceLite)
        {
            // RFC 8839 §2.5: two lite agents cannot form a connectivity check pair.
            return SdpNegotiationResult.Fail("offer is ICE-lite; the bridge is ICE-lite too, so no side would run checks");
        }

        if (offer.Media.Count == 0)
        {
            return SdpNegotiationResult.Fail("offer has no media sections");
        }

        // RFC 8843 §7.3.1: only a single unbundled section can share the bridge's one transport.
        var bundleless = offer.BundleMids.Count == 0 && offer.Media.Count(m => !m.IsRejected) == 1;
        var answerMedia = new List<MediaDescription>(offer.Media.Count);
        var outcomes = new List<NegotiatedMedia>(offer.Media.Count);
        var bundledExtensionUris = new Dictionary<int, string>();
        for (var index = 0; index < offer.Media.Count; index++)
        {
            var (media, outcome) = AnswerMedia(offer, offer.Media[index], index, bundleless, options, bundledExtensionUris);
            answerMedia.Add(media);
            outcomes.Add(outcome);
        }

        var acceptedMids = outcomes.Where(o => o.Accepted).Select(o => o.Mid!).ToList();
        if (acceptedMids.Count == 0)
        {
            return SdpNegotiationResult.Fail("no acceptable media section: "
                + string.Join("; ", outcomes.Select(o => $"m-line {o.Index} ({o.Mid ?? "no mid"}): {o.RejectionReason}")));
        }

        // RFC 8843 §7.3.1: the answerer-tagged section is the first accepted mid in the offer's group order.
        var bundleMids = bundleless ? acceptedMids : [.. offer.BundleMids.Where(acceptedMids.Contains)];
        var tagged = offer.FindMedia(bundleMids[0])!;
        var remoteUfrag = offer.EffectiveIceUfrag(tagged);
        var remotePwd = offer.EffectiveIcePwd(tagged);
        var remoteFingerprint = offer.EffectiveFingerprint(tagged);
        if (remoteUfrag is null || remotePwd is null || remoteFingerprint is null)
        {
            return SdpNegotiationResult.Fail($"BUNDLE-tagged section {tagged.Mid} lacks ice-ufrag, ice-pwd or fingerprint");
        }

        var offeredSetup = offer.EffectiveSetup(tagged);
        DtlsSetupRole role;
        switch (offeredSetup)
        {
            // RFC 8842 §5.2: an actpass offer is answered active or passive; the bridge prefers server.
            case null or SetupActPass or SetupActive:
                role = DtlsSetupRole.Server;
                break;
            case SetupPassive:
                role = DtlsSetupRole.Client;
                break;
            default:
                return SdpNegotiationResult.Fail($"unsupported a=setup:{offeredSetup}");
        }

        var answer = new SessionDescription
        {
            SessionId = options.SessionId ?? NewSessionId(),
            SessionVersion = SdpTokens.Format((long)Math.Min(options.SessionVersion, long.MaxValue)),
            BundleMids = bundleless ? [] : bundleMids,
            IceLite = true,
            Media = answerMedia,
        };

        // RFC 8285 §6: echo extmap-allow-mixed, or the offerer falls back to one-byte headers only.
        if (offer.OtherAttributes.Contains(SdpAttributeNames.ExtMapAllowMixed))
        {
            answer.OtherAttributes.Add(SdpAttributeNames.ExtMapAllowMixed);
        }

        var candidates = options.Candidates.Select(NormalizeCandidate).ToList();
        var setup = role == DtlsSetupRole.Server ? SetupPassive : SetupActive;
        foreach (var media in answerMedia.Where(m => m.Port != 0))
        {
            media.IceUfrag = options.IceUfrag;
            media.IcePwd = options.IcePwd;
            media.Fingerprint = options.Fingerprint;
            media.Setup = setup;
            if (options.CandidatesInEveryMediaSection || media.Mid == bundleMids[0])
            {
                media.Candidates = [.. candidates];
                media.EndOfCandidates = true;
            }
        }

        return new SdpNegotiationResult(new NegotiatedAnswer
        {
            Description = answer,
            LocalDtlsRole = role,
            RemoteIceUfrag = remoteUfrag,
            RemoteIcePwd = remotePwd,
            RemoteFingerprint = remoteFingerprint,
            RemoteCandidates = [.. offer.Media.SelectMany(m => m.Candidates)],
            Media = outcomes,
        }, null);
    }

    private static void ValidateOptions(LocalMediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IceUfrag.Length < MinIceUfragLength || !SdpTokens.IsToken(options.IceUfrag))
        {
            throw new ArgumentException($"local ice-ufrag must be a token of at least {MinIceUfragLength} characters", nameof(options));
        }

        if (options.IcePwd.Length < MinIcePwdLength || !SdpTokens.IsToken(options.IcePwd))
        {
            throw new ArgumentException($"local ice-pwd must be a token of at least {MinIcePwdLength} characters", nameof(options));
        }

        if (options.Fingerprint is null)
        {
            throw new ArgumentException("local DTLS fingerprint is required", nameof(options));
        }
    }

    /// <summary>Accepts "candidate:..." or the bare candidate value.</summary>
    internal static string NormalizeCandidate(string candidate) =>
        candidate.StartsWith(SdpAttributeNames.Candidate + ":", StringComparison.Ordinal)
            ? candidate
            : SdpAttributeNames.Candidate + ":" + candidate;

    /// <summary>JSEP §5.2.1: a 64-bit random sess-id whose top bit is zero, so it fits a signed integer.</summary>
    internal static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        RandomNumberGenerator.Fill(bytes);
        return SdpTokens.Format(BitConverter.ToInt64(bytes) & long.MaxValue);
    }
}
