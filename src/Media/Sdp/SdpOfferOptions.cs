namespace OctoMesh.Media.Sdp;

/// <summary>The bridge's transport parameters for the offers an <see cref="SdpOfferBuilder"/> writes.</summary>
public sealed class SdpOfferOptions
{
    /// <summary>Local ICE username fragment.</summary>
    public string IceUfrag { get; set; } = string.Empty;

    /// <summary>Local ICE password.</summary>
    public string IcePwd { get; set; } = string.Empty;

    /// <summary>The local DTLS certificate fingerprint.</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Local candidates ("candidate:" prefix optional).</summary>
    public List<string> Candidates { get; set; } = [];

    /// <summary>Write candidates into every section, not only the BUNDLE-tagged (first) one.</summary>
    public bool CandidatesInEveryMediaSection { get; set; }

    /// <summary>"o=" sess-id, fixed for the session; random when null.</summary>
    public string? SessionId { get; set; }

    /// <summary>"o=" sess-version of the first offer; each later offer increments it (JSEP §5.2.2).</summary>
    public ulong InitialSessionVersion { get; set; } = 1;
}
