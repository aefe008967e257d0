namespace OctoMesh.Media.Sdp;

/// <summary>
/// "a=rid:&lt;id&gt; &lt;send|recv&gt; [restrictions]" (RFC 8851 §4). Restrictions such as
/// "pt=96;max-width=1280" are kept raw.
/// </summary>
public sealed record RidDescription(string Id, RidDirection Direction, string? Restrictions);
