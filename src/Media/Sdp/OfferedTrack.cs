namespace OctoMesh.Media.Sdp;

/// <summary>
/// One m-line of a bridge-written offer on a subscribe-only PeerConnection: a track the bridge sends
/// (<see cref="MediaDirection.SendOnly"/>) or a removed one kept in place (<see cref="MediaDirection.Inactive"/>).
/// </summary>
public sealed class OfferedTrack
{
    /// <summary>The m-line's mid; fixed for the life of the PeerConnection.</summary>
    public string Mid { get; set; } = string.Empty;

    /// <summary>Audio or video; an m-line never changes kind (JSEP §5.2.2).</summary>
    public MediaKind Kind { get; set; }

    /// <summary>SendOnly for a live track, Inactive for a removed one.</summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendOnly;

    /// <summary>The SSRCs and msid the bridge sends with; written only when the direction sends.</summary>
    public LocalTrack? Track { get; set; }

    /// <summary>Codecs offered, RTX included (see <see cref="MediaCapabilities.CreateOfferCodecs"/>).</summary>
    public List<RtpCodec> Codecs { get; set; } = [];

    /// <summary>Header extensions offered (see <see cref="MediaCapabilities.CreateOfferExtensions"/>).</summary>
    public List<RtpExtension> Extensions { get; set; } = [];

    internal OfferedTrack AsStopped() => new()
    {
        Mid = Mid,
        Kind = Kind,
        Direction = MediaDirection.Inactive,
        Codecs = Codecs,
        Extensions = Extensions,
    };
}
