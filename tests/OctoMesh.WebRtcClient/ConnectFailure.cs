namespace OctoMesh.Media.Client;

/// <summary>Which step of <see cref="WebRtcClient.ConnectAsync"/> failed.</summary>
public enum ConnectFailure
{
    /// <summary>The answer is not SDP, does not match the offer, or lacks a usable UDP host candidate.</summary>
    BadAnswer,

    /// <summary>The remote offer is not SDP, has nothing we receive (opus, VP8), or demands that we be the DTLS server.</summary>
    BadOffer,

    /// <summary>No authenticated Binding success arrived before the deadline (RFC 8445 §7.2.5).</summary>
    IceTimeout,

    /// <summary>The DTLS handshake failed: alert, fingerprint mismatch, timeout (RFC 5764, RFC 8122).</summary>
    DtlsFailed,

    /// <summary>The caller cancelled, or the client was disposed, before SRTP was ready.</summary>
    Cancelled,
}
