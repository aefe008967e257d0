namespace OctoMesh.Media.Sdp;

/// <summary>
/// Writes the bridge's offers for server-driven renegotiation of a subscribe-only PeerConnection
/// (JSEP, RFC 8829 §5.2). It remembers every m-line it has offered: a later offer keeps them in the same
/// order (§5.2.2: m-lines are never removed), a track that disappeared keeps its place as inactive, and new
/// tracks are appended. Offers are ICE-lite, "a=setup:actpass" and BUNDLE every mid.
/// </summary>
public sealed class SdpOfferBuilder
{
    private const string SetupActPass = "actpass";
    private const string DtlsSrtpProtocol = "UDP/TLS/RTP/SAVPF";

    private readonly List<OfferedTrack> _lines = [];
    private readonly string _sessionId;
    private ulong _nextVersion;

    /// <summary>Creates a builder; <paramref name="options"/> may be changed later (e.g. for an ICE restart).</summary>
    public SdpOfferBuilder(SdpOfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _sessionId = options.SessionId ?? SdpNegotiator.NewSessionId();
        _nextVersion = options.InitialSessionVersion;
    }

    /// <summary>The transport parameters used for the next offer.</summary>
    public SdpOfferOptions Options { get; }

    /// <summary>The mids offered so far, in m-line order.</summary>
    public IReadOnlyList<string> Mids => _lines.Select(l => l.Mid).ToList();

    /// <summary>The sess-version of the last offer created, or null before the first.</summary>
    public ulong? LastSessionVersion { get; private set; }

    /// <summary>
    /// Creates the next offer. Earlier m-lines missing from <paramref name="tracks"/> become inactive in place;
    /// new mids are appended in the given order. Throws <see cref="ArgumentException"/> for programming
    /// errors: duplicate or malformed mids, a kind change, or a track with no codecs.
    /// </summary>
    public SessionDescription CreateOffer(IReadOnlyList<OfferedTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Validate(tracks);
        for (var index = 0; index < _lines.Count; index++)
        {
            var update = tracks.FirstOrDefault(t => t.Mid == _lines[index].Mid);
            _lines[index] = update ?? _lines[index].AsStopped();
        }

        _lines.AddRange(tracks.Where(t => _lines.All(l => l.Mid != t.Mid)));

        var version = _nextVersion++;
        LastSessionVersion = version;
        var offer = new SessionDescription
        {
            SessionId = _sessionId,
            SessionVersion = SdpTokens.Format((long)Math.Min(version, long.MaxValue)),
            BundleMids = [.. _lines.Select(l => l.Mid)],
            IceLite = true,
            OtherAttributes = ["msid-semantic: WMS *"],
        };

        var candidates = Options.Candidates.Select(SdpNegotiator.NormalizeCandidate).ToList();
        foreach (var line in _lines)
        {
            var media = CreateMedia(line);
            if (Options.CandidatesInEveryMediaSection || offer.Media.Count == 0)
            {
                media.Candidates = [.. candidates];
                media.EndOfCandidates = true;
            }

            offer.Media.Add(media);
        }

        return offer;
    }

    private MediaDescription CreateMedia(OfferedTrack line)
    {
        var media = new MediaDescription
        {
            Kind = line.Kind,
            KindName = line.Kind == MediaKind.Audio ? "audio" : "video",
            Protocol = DtlsSrtpProtocol,
            Formats = [.. line.Codecs.Select(c => SdpTokens.Format(c.PayloadType))],
            IceUfrag = Options.IceUfrag,
            IcePwd = Options.IcePwd,
            Fingerprint = Options.Fingerprint,
            Setup = SetupActPass,
            Mid = line.Mid,
            Direction = line.Direction,
            RtcpMux = true,
            RtcpRsize = true,
            Codecs = [.. line.Codecs.Select(c => c.Clone())],
            Extensions = [.. line.Extensions],
        };

        if (line.Track is not null && line.Direction.Sends())
        {
            SdpNegotiator.AddLocalTrack(media, line.Track, rtxNegotiated: line.Codecs.Any(c => c.IsRtx));
        }

        return media;
    }

    private void Validate(IReadOnlyList<OfferedTrack> tracks)
    {
        if (Options.Fingerprint is null || Options.IceUfrag.Length < SdpNegotiator.MinIceUfragLength
            || Options.IcePwd.Length < SdpNegotiator.MinIcePwdLength)
        {
            throw new ArgumentException("offer options need ice-ufrag, ice-pwd and a fingerprint", nameof(tracks));
        }

        var mids = new HashSet<string>();
        foreach (var track in tracks)
        {
            if (!SdpTokens.IsToken(track.Mid) || !mids.Add(track.Mid))
            {
                throw new ArgumentException($"mid '{track.Mid}' is malformed or repeated", nameof(tracks));
            }

            if (_lines.FirstOrDefault(l => l.Mid == track.Mid) is { } existing && existing.Kind != track.Kind)
            {
                throw new ArgumentException($"mid {track.Mid} cannot change kind (JSEP §5.2.2)", nameof(tracks));
            }

            if (track.Kind == MediaKind.Application || track.Codecs.Count == 0)
            {
                throw new ArgumentException($"mid {track.Mid} needs audio or video codecs", nameof(tracks));
            }
        }
    }
}
