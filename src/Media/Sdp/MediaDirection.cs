namespace OctoMesh.Media.Sdp;

/// <summary>
/// The direction attribute of a media section (RFC 8866 §6.7), always from the point of view of the
/// side that wrote the description.
/// </summary>
public enum MediaDirection
{
    /// <summary>"a=sendrecv", the default when no direction attribute is present.</summary>
    SendRecv,

    /// <summary>"a=sendonly".</summary>
    SendOnly,

    /// <summary>"a=recvonly".</summary>
    RecvOnly,

    /// <summary>"a=inactive".</summary>
    Inactive,
}
