namespace OctoMesh.Media.Dtls;

/// <summary>Why a DTLS-SRTP handshake did not produce SRTP keys.</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake succeeded.</summary>
    None,

    /// <summary>No handshake completed within <see cref="DtlsTransport.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>
    /// The peer's certificate is missing, or its SHA-256 fingerprint differs from the <c>a=fingerprint</c>
    /// of the remote SDP (RFC 8122 §5), or no valid expected fingerprint was known.
    /// </summary>
    FingerprintMismatch,

    /// <summary>The peers share no DTLS-SRTP protection profile (RFC 5764 §4.1.1).</summary>
    NoSrtpProfile,

    /// <summary>A fatal alert was sent or received, or the peer closed the association mid-handshake.</summary>
    Alert,

    /// <summary>The transport was disposed before the handshake finished.</summary>
    Disposed,

    /// <summary>An unexpected local error; <see cref="DtlsHandshakeResult.Detail"/> says which.</summary>
    InternalError,
}
