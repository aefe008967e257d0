namespace OctoMesh.Media.Sdp;

/// <summary>The direction of a restriction identifier (RFC 8851 §4).</summary>
public enum RidDirection
{
    /// <summary>"send": the describing side sends this RTP stream.</summary>
    Send,

    /// <summary>"recv": the describing side receives this RTP stream.</summary>
    Recv,
}
