using Org.BouncyCastle.Tls;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// Client-side authentication for WebRTC: the server certificate is trusted by its SDP fingerprint
/// alone (RFC 8122 §5), and our own certificate is always offered because WebRTC servers require it.
/// </summary>
internal sealed class PinnedCertificateAuthentication : TlsAuthentication
{
    private readonly DtlsHandshakeContext _handshake;
    private readonly TlsContext _context;

    public PinnedCertificateAuthentication(DtlsHandshakeContext handshake, TlsContext context)
    {
        _handshake = handshake;
        _context = context;
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
    {
        _handshake.VerifyPeerCertificate(serverCertificate.Certificate);
    }

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
        _handshake.CreateLocalSigner(_context);
}
