namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One simulcast encoding of a track as the publisher announced it: by rid (RFC 8851 "a=rid", RFC 8853
/// "a=simulcast"), whose SSRCs are learnt from the first packets carrying the RTP stream id and repaired
/// stream id header extensions (RFC 8852 §3), or by SSRC ("a=ssrc-group:SIM", with "FID" for its RTX).
/// </summary>
public sealed record LayerDescription(string? Rid, uint? Ssrc, uint? RtxSsrc);
