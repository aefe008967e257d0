namespace OctoMesh.Relay.Frames;

/// <summary>What a relay frame carries after its header (docs/relay.md "Relay frame").</summary>
public enum RelayFrameKind : byte
{
    /// <summary>One plain RTP packet (RFC 3550 §5.1), as received after SRTP unprotect.</summary>
    Rtp = 1,

    /// <summary>One plain (compound) RTCP packet (RFC 3550 §6), as received after SRTCP unprotect.</summary>
    Rtcp = 2,
}
