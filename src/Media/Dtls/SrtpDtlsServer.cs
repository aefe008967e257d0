using OctoMesh.Media.Srtp;
using Org.BouncyCastle.Tls;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// The bridge's DTLS 1.2 server policy for WebRTC (RFC 8827 §6.5, RFC 5764): DTLS 1.2 only, ECDHE-ECDSA
/// AEAD suites, extended master secret required, a client certificate required and pinned by
/// fingerprint, and use_srtp with our profile preference.
/// </summary>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private readonly DtlsHandshakeContext _handshake;
    private SrtpProfile _selectedProfile;

    public SrtpDtlsServer(DtlsHandshakeContext handshake)
        : base(handshake.Crypto)
    {
        _handshake = handshake;
    }

    public override int GetHandshakeTimeoutMillis() => _handshake.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _handshake.InitialRetransmitMillis;

    /// <summary>RFC 7627: without it the exported SRTP keys are exposed to triple-handshake attacks.</summary>
    public override bool RequiresExtendedMasterSecret() => true;

    /// <summary>
    /// RFC 6347 §4.1.2.7: records that fail authentication are silently discarded, so a spoofed
    /// datagram cannot tear the association down.
    /// </summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => (int[])DtlsHandshakeContext.CipherSuites.Clone();

    /// <summary>Pick AES-128-GCM when offered, whatever the client's order.</summary>
    protected override bool PreferLocalCipherSuites() => true;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _handshake.CreateLocalSigner(m_context);

    /// <summary>
    /// RFC 8827 §6.5 / RFC 5763 §5: the server MUST request the client's certificate so it can be
    /// checked against the remote SDP fingerprint. Browsers use ECDSA; RSA is allowed for older stacks.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        short[] certificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest(certificateTypes, signatureAlgorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        _handshake.VerifyPeerCertificate(clientCertificate);
    }

    /// <summary>RFC 5764 §4.1.1: choose one of the client's offered SRTP protection profiles.</summary>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        UseSrtpData? offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            throw _handshake.Refuse(DtlsFailureReason.NoSrtpProfile, AlertDescription.handshake_failure,
                "The client did not offer the use_srtp extension.");
        }

        if (!DtlsSrtpKeyMaterial.TrySelectProfile(offered.ProtectionProfiles, out _selectedProfile))
        {
            throw _handshake.Refuse(DtlsFailureReason.NoSrtpProfile, AlertDescription.handshake_failure,
                $"No supported SRTP profile among the client's [{string.Join(", ", offered.ProtectionProfiles)}].");
        }
    }

    /// <summary>RFC 5764 §4.1.1: answer with exactly the selected profile and an empty MKI.</summary>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_selectedProfile], []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _handshake.ExportKeys(m_context, _selectedProfile);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        base.NotifyAlertRaised(alertLevel, alertDescription, message, cause);
        _handshake.OnAlertRaised(alertLevel, alertDescription);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        _handshake.OnAlertReceived(alertLevel, alertDescription);
    }
}
