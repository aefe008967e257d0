namespace OctoMesh.Media.Transport;

/// <summary>Where a connected transport delivers decrypted media; called on the receive thread.</summary>
public interface IMediaReceiver
{
    /// <summary>A plain RTP packet after SRTP unprotect. The span is the receive buffer; it may be rewritten in place.</summary>
    void OnRtp(WebRtcTransport transport, Span<byte> packet);

    /// <summary>A plain RTCP compound packet after SRTCP unprotect.</summary>
    void OnRtcp(WebRtcTransport transport, Span<byte> packet);
}
