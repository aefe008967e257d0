namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>Video codecs whose RTP payloads the bridge inspects.</summary>
public enum VideoCodec
{
    /// <summary>VP8, RFC 7741.</summary>
    Vp8,

    /// <summary>VP9, RFC 9628 (draft-ietf-payload-vp9).</summary>
    Vp9,

    /// <summary>H.264, RFC 6184.</summary>
    H264,

    /// <summary>AV1, "RTP Payload Format For AV1" (AOM).</summary>
    Av1,
}
