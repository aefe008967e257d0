namespace OctoMesh.Media.Sdp;

/// <summary>
/// An answer the bridge created: the description to send, the DTLS role it chose, the remote ICE and
/// DTLS parameters of the BUNDLE transport, and the per-section outcomes.
/// </summary>
public sealed class NegotiatedAnswer
{
    /// <summary>The answer as a description.</summary>
    public required SessionDescription Description { get; init; }

    /// <summary>The answer as SDP text.</summary>
    public string Sdp => Description.ToString();

    /// <summary>The DTLS role the answer's "a=setup" gives the bridge.</summary>
    public DtlsSetupRole LocalDtlsRole { get; init; }

    /// <summary>The remote ICE username fragment of the BUNDLE transport.</summary>
    public required string RemoteIceUfrag { get; init; }

    /// <summary>The remote ICE password.</summary>
    public required string RemoteIcePwd { get; init; }

    /// <summary>The remote certificate fingerprint the DTLS handshake must match.</summary>
    public required SdpFingerprint RemoteFingerprint { get; init; }

    /// <summary>The remote ICE candidates the offer carried (bridges are ICE-lite and ignore them).</summary>
    public List<string> RemoteCandidates { get; init; } = [];

    /// <summary>One entry per offered m-line, in order.</summary>
    public List<NegotiatedMedia> Media { get; init; } = [];

    /// <summary>The sections the answer rejected.</summary>
    public IEnumerable<NegotiatedMedia> RejectedMedia => Media.Where(m => !m.Accepted);

    /// <summary>The accepted section with <paramref name="mid"/>, or null.</summary>
    public NegotiatedMedia? FindMedia(string mid) => Media.FirstOrDefault(m => m.Mid == mid);
}
