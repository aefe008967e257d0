namespace OctoMesh.Media.Sdp;

/// <summary>The bridge's side of an answer: ICE-lite credentials, DTLS fingerprint, candidates, capabilities.</summary>
public sealed class LocalMediaOptions
{
    /// <summary>Local ICE username fragment (RFC 8839 §5.4: at least 4 characters).</summary>
    public string IceUfrag { get; set; } = string.Empty;

    /// <summary>Local ICE password (at least 22 characters).</summary>
    public string IcePwd { get; set; } = string.Empty;

    /// <summary>The local DTLS certificate fingerprint, normally sha-256 (RFC 8122 §5).</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Local candidates, "candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host" (the prefix is optional).</summary>
    public List<string> Candidates { get; set; } = [];

    /// <summary>Write candidates into every accepted section, not only the BUNDLE-tagged one.</summary>
    public bool CandidatesInEveryMediaSection { get; set; }

    /// <summary>Codecs, RTCP feedback and header extensions the bridge supports.</summary>
    public MediaCapabilities Capabilities { get; set; } = MediaCapabilities.CreateDefault();

    /// <summary>Per-mid tracks to send and codec restrictions.</summary>
    public Dictionary<string, MediaLineOptions> MediaLines { get; set; } = [];

    /// <summary>"o=" sess-id of the answer; a random 62-bit number when null (JSEP §5.2.1).</summary>
    public string? SessionId { get; set; }

    /// <summary>"o=" sess-version of the answer.</summary>
    public ulong SessionVersion { get; set; } = 1;

    /// <summary>Sets the track to send on <paramref name="mid"/>.</summary>
    public LocalMediaOptions WithTrack(string mid, LocalTrack track)
    {
        LineFor(mid).Track = track;
        return this;
    }

    /// <summary>Restricts <paramref name="mid"/> to codecs matching <paramref name="codec"/>.</summary>
    public LocalMediaOptions WithRequiredCodec(string mid, RtpCodec codec)
    {
        LineFor(mid).RequiredCodec = codec;
        return this;
    }

    private MediaLineOptions LineFor(string mid)
    {
        if (!MediaLines.TryGetValue(mid, out var line))
        {
            line = new MediaLineOptions();
            MediaLines[mid] = line;
        }

        return line;
    }
}
