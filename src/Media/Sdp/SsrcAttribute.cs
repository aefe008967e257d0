namespace OctoMesh.Media.Sdp;

/// <summary>A source-specific attribute, "a=ssrc:&lt;ssrc&gt; &lt;name&gt;[:&lt;value&gt;]" (RFC 5576 §4.1), e.g. cname.</summary>
public sealed record SsrcAttribute(uint Ssrc, string Name, string? Value);
