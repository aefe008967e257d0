namespace OctoMesh.Media.Sdp;

/// <summary>
/// An RTP header extension mapping, "a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt;" (RFC 8285 §8).
/// Ids 1-14 fit the one-byte header form, 15-255 need the two-byte form. Extension attributes after the
/// URI are not kept.
/// </summary>
public sealed record RtpExtension(int Id, string Uri, MediaDirection? Direction);
