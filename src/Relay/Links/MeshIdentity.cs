using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OctoMesh.Relay.Links;

/// <summary>
/// This bridge as the mesh sees it: what its Hello says, and the TLS certificate it serves and
/// presents as a client. The certificate is generated at start (self-signed ECDSA P-256); its
/// fingerprint is published through discovery, which is what the other bridges pin.
/// </summary>
public sealed class MeshIdentity : IDisposable
{
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(365);

    /// <summary>Creates an identity with the given certificate (which must have its private key).</summary>
    public MeshIdentity(
        string bridgeId, string region, string version, string relayEndpoint,
        ReadOnlyMemory<byte> wireGuardPublicKey, string overlayAddress, X509Certificate2 certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(bridgeId);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The mesh certificate needs its private key.", nameof(certificate));
        }
        BridgeId = bridgeId;
        Region = region;
        Version = version;
        RelayEndpoint = relayEndpoint;
        WireGuardPublicKey = wireGuardPublicKey;
        OverlayAddress = overlayAddress;
        Certificate = certificate;
        CertificateSha256 = CertificateFingerprint.Compute(certificate);
    }

    public string BridgeId { get; }

    public string Region { get; }

    public string Version { get; }

    /// <summary>"host:port" of this bridge's relay UDP socket.</summary>
    public string RelayEndpoint { get; }

    /// <summary>The raw 32-byte WireGuard public key.</summary>
    public ReadOnlyMemory<byte> WireGuardPublicKey { get; }

    public string OverlayAddress { get; }

    /// <summary>The TLS certificate with its private key, for the server and the client side.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary><see cref="Certificate"/>'s fingerprint in the format discovery publishes.</summary>
    public string CertificateSha256 { get; }

    /// <summary>Creates an identity with a fresh self-signed ECDSA P-256 certificate.</summary>
    public static MeshIdentity Generate(
        string bridgeId, string region, string version, string relayEndpoint,
        ReadOnlyMemory<byte> wireGuardPublicKey, string overlayAddress) =>
        new(bridgeId, region, version, relayEndpoint, wireGuardPublicKey, overlayAddress,
            GenerateCertificate(bridgeId));

    /// <summary>
    /// A self-signed ECDSA P-256 certificate usable for TLS server and client authentication.
    /// Trust comes from the pinned fingerprint, not from a chain, so the subject is informative.
    /// </summary>
    public static X509Certificate2 GenerateCertificate(string bridgeId)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=octomesh-bridge-{bridgeId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // serverAuth, clientAuth
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ephemeral = request.CreateSelfSigned(notBefore, notBefore + CertificateLifetime);
        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform
        // (Windows' SChannel refuses ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>This identity as the Hello message the link opens with.</summary>
    internal V1.Hello ToHello() => new()
    {
        BridgeId = BridgeId,
        Region = Region,
        Version = Version,
        RelayEndpoint = RelayEndpoint,
        WireguardPublicKey = Google.Protobuf.ByteString.CopyFrom(WireGuardPublicKey.Span),
        OverlayAddress = OverlayAddress,
    };

    public void Dispose() => Certificate.Dispose();
}
