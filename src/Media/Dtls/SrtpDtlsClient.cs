using OctoMesh.Media.Srtp;
using Org.BouncyCastle.Tls;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// A DTLS 1.2 client with the same WebRTC policy as <see cref="SrtpDtlsServer"/>: it offers use_srtp
/// with GCM first (RFC 5764 §4.1.1, RFC 7714 §14.2), pins the server certificate by fingerprint and
/// presents our certificate when asked. Used by the load generator and the tests.
/// </summary>
internal sealed class SrtpDtlsClient : DefaultTlsClient
{
    private readonly DtlsHandshakeContext _handshake;
    private readonly int[] _offeredProfiles;
    private SrtpProfile _selectedProfile;

    /// <param name="handshake">Shared credentials and outcome.</param>
    /// <param name="offeredProfiles">use_srtp profiles to offer, most preferred first (RFC 5764 §4.1.2 code points).</param>
    public SrtpDtlsClient(DtlsHandshakeContext handshake, int[] offeredProfiles)
        : base(handshake.Crypto)
    {
        _handshake = handshake;
        _offeredProfiles = offeredProfiles;
    }

    public override int GetHandshakeTimeoutMillis() => _handshake.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _handshake.InitialRetransmitMillis;

    public override bool RequiresExtendedMasterSecret() => true;

    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => (int[])DtlsHandshakeContext.CipherSuites.Clone();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData((int[])_offeredProfiles.Clone(), []));
        return extensions;
    }

    /// <summary>
    /// RFC 5764 §4.1.1: the server answers with a single profile we offered; anything else (no
    /// extension, several profiles, one we did not offer) leaves us without SRTP keys.
    /// </summary>
    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? selected = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (selected is null
            || selected.ProtectionProfiles.Length != 1
            || !_offeredProfiles.Contains(selected.ProtectionProfiles[0])
            || !DtlsSrtpKeyMaterial.IsSupported(selected.ProtectionProfiles[0]))
        {
            throw _handshake.Refuse(DtlsFailureReason.NoSrtpProfile, AlertDescription.illegal_parameter,
                "The server did not select exactly one of the offered SRTP profiles.");
        }

        _selectedProfile = (SrtpProfile)selected.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new PinnedCertificateAuthentication(_handshake, m_context);

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
