namespace OctoMesh.Media.Sdp;

/// <summary>
/// A track the bridge sends on a media section: its SSRC (and RTX SSRC), the RTCP CNAME and the
/// msid stream/track ids written as "a=msid", "a=ssrc" and "a=ssrc-group:FID" (RFC 8830, RFC 5576).
/// </summary>
public sealed class LocalTrack
{
    /// <summary>Creates an empty track description; set the properties.</summary>
    public LocalTrack()
    {
    }

    /// <summary>Creates a track description.</summary>
    public LocalTrack(uint ssrc, uint? rtxSsrc, string cname, string streamId, string trackId)
    {
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        Cname = cname;
        StreamId = streamId;
        TrackId = trackId;
    }

    /// <summary>The media SSRC the bridge sends with.</summary>
    public uint Ssrc { get; set; }

    /// <summary>The RTX SSRC, announced only when RTX is negotiated.</summary>
    public uint? RtxSsrc { get; set; }

    /// <summary>The RTCP CNAME (RFC 3550 §6.5.1).</summary>
    public string Cname { get; set; } = string.Empty;

    /// <summary>The MediaStream id of "a=msid" ("-" for none).</summary>
    public string StreamId { get; set; } = "-";

    /// <summary>The MediaStreamTrack id of "a=msid".</summary>
    public string TrackId { get; set; } = string.Empty;
}
