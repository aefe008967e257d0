namespace OctoMesh.Media.Sdp;

/// <summary>
/// A source group, "a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt; ..." (RFC 5576 §4.2): "FID" pairs a primary
/// SSRC with its retransmission SSRC (RFC 4588 §8.3), "SIM" lists legacy simulcast layers.
/// </summary>
public sealed record SsrcGroup(string Semantics, List<uint> Ssrcs)
{
    /// <summary>"FID": flow identification, primary then RTX.</summary>
    public const string FlowIdentification = "FID";

    /// <summary>"SIM": legacy SSRC-based simulcast.</summary>
    public const string Simulcast = "SIM";
}
