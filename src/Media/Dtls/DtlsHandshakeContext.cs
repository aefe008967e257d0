using Microsoft.Extensions.Logging;
using OctoMesh.Media.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// What the BouncyCastle peer callbacks (<see cref="SrtpDtlsServer"/>, <see cref="SrtpDtlsClient"/>)
/// share with <see cref="DtlsTransport"/>: the local credentials, the pinned remote fingerprint,
/// timers, and the outcome they record (SRTP keys, or why the handshake was refused). Written only on
/// the handshake thread; read by it after BouncyCastle returns or throws.
/// </summary>
internal sealed class DtlsHandshakeContext
{
    /// <summary>
    /// TLS 1.2 cipher suites, most preferred first. WebRTC certificates are ECDSA (RFC 8827 §6.5);
    /// AEAD only, ECDHE for forward secrecy. Chromium offers all three.
    /// </summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    private static readonly SignatureAndHashAlgorithm EcdsaSha256 =
        new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private readonly Func<string?> _expectedRemoteFingerprint;
    private readonly Action _closeNotifyReceived;

    public DtlsHandshakeContext(
        BcTlsCrypto crypto,
        DtlsCertificate localCertificate,
        Func<string?> expectedRemoteFingerprint,
        int handshakeTimeoutMillis,
        int initialRetransmitMillis,
        Action closeNotifyReceived,
        ILogger logger)
    {
        Crypto = crypto;
        LocalCertificate = localCertificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
        HandshakeTimeoutMillis = handshakeTimeoutMillis;
        InitialRetransmitMillis = initialRetransmitMillis;
        _closeNotifyReceived = closeNotifyReceived;
        Logger = logger;
    }

    public BcTlsCrypto Crypto { get; }

    public DtlsCertificate LocalCertificate { get; }

    public int HandshakeTimeoutMillis { get; }

    public int InitialRetransmitMillis { get; }

    public ILogger Logger { get; }

    /// <summary>Set by the peer once the exporter ran (RFC 5764 §4.2).</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The negotiated cipher suite, for the log.</summary>
    public int NegotiatedCipherSuite { get; private set; }

    /// <summary>A refusal decided by our own policy (fingerprint, SRTP profile); None otherwise.</summary>
    public DtlsFailureReason RefusalReason { get; private set; }

    public string? RefusalDetail { get; private set; }

    /// <summary>True once the peer sent close_notify (RFC 5246 §7.2.1).</summary>
    public bool CloseNotifyReceived { get; private set; }

    /// <summary>
    /// Records a policy refusal and returns the fatal alert to throw, so BouncyCastle tells the peer
    /// why. The first refusal wins.
    /// </summary>
    public TlsFatalAlert Refuse(DtlsFailureReason reason, short alertDescription, string detail)
    {
        if (RefusalReason == DtlsFailureReason.None)
        {
            RefusalReason = reason;
            RefusalDetail = detail;
        }

        return new TlsFatalAlert(alertDescription, detail);
    }

    /// <summary>
    /// RFC 8122 §5 / RFC 8827 §6.5: the peer's end-entity certificate must hash to the
    /// <c>a=fingerprint</c> of its SDP. BouncyCastle separately checks CertificateVerify / the
    /// ServerKeyExchange signature, which proves the peer holds the matching private key.
    /// </summary>
    public void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Refuse(DtlsFailureReason.FingerprintMismatch, AlertDescription.handshake_failure,
                "The peer sent no certificate.");
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        string? expected = _expectedRemoteFingerprint();
        Span<byte> expectedDigest = stackalloc byte[DtlsFingerprint.Sha256Length];
        if (!DtlsFingerprint.TryParseSha256(expected, expectedDigest))
        {
            throw Refuse(DtlsFailureReason.FingerprintMismatch, AlertDescription.bad_certificate,
                $"No valid expected sha-256 fingerprint is known (got '{expected}').");
        }

        if (!DtlsFingerprint.Matches(der, expected))
        {
            throw Refuse(DtlsFailureReason.FingerprintMismatch, AlertDescription.bad_certificate,
                $"Peer certificate fingerprint {DtlsFingerprint.ComputeSha256(der)} does not match the SDP fingerprint {expected}.");
        }
    }

    /// <summary>Our certificate and key as a TLS 1.2 ECDSA-SHA256 signer (RFC 5246 §7.4.1.4.1).</summary>
    public TlsCredentialedSigner CreateLocalSigner(TlsContext context)
    {
        var chain = new Certificate([Crypto.CreateCertificate(LocalCertificate.DerArray)]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context), Crypto, LocalCertificate.PrivateKey, chain, EcdsaSha256);
    }

    /// <summary>RFC 5764 §4.2: derive the SRTP master keys and salts with the TLS exporter.</summary>
    public void ExportKeys(TlsContext context, SrtpProfile profile)
    {
        byte[] material = context.ExportKeyingMaterial(
            DtlsSrtpKeyMaterial.ExporterLabel, null, DtlsSrtpKeyMaterial.KeyingMaterialLength(profile));
        try
        {
            Keys = DtlsSrtpKeyMaterial.Split(profile, material);
            NegotiatedCipherSuite = context.SecurityParameters.CipherSuite;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
        }
    }

    public void OnAlertRaised(short level, short description)
    {
        DtlsLog.AlertRaised(Logger, level, AlertDescription.GetText(description));
    }

    public void OnAlertReceived(short level, short description)
    {
        DtlsLog.AlertReceived(Logger, level, AlertDescription.GetText(description));
        if (description == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
            _closeNotifyReceived();
        }
    }
}
