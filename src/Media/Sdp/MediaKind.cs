namespace OctoMesh.Media.Sdp;

/// <summary>The media type of an "m=" line (RFC 8866 §5.14) that the bridge knows about.</summary>
public enum MediaKind
{
    /// <summary>"m=audio".</summary>
    Audio,

    /// <summary>"m=video".</summary>
    Video,

    /// <summary>"m=application" (data channels) or any other media type; see <see cref="MediaDescription.KindName"/>.</summary>
    Application,
}
