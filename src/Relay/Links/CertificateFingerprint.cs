using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OctoMesh.Relay.Links;

/// <summary>
/// The certificate pin format of the mesh: SHA-256 over the certificate's DER encoding, written as
/// 64 uppercase hex digits with no separators (e.g. "3A7F…"), the form discovery publishes.
/// </summary>
public static class CertificateFingerprint
{
    /// <summary>Bytes in a SHA-256 digest.</summary>
    public const int Sha256Size = 32;

    /// <summary>The fingerprint of <paramref name="certificate"/> in the mesh format.</summary>
    public static string Compute(X509Certificate2 certificate)
    {
        Span<byte> digest = stackalloc byte[Sha256Size];
        SHA256.HashData(certificate.RawData, digest);
        return Convert.ToHexString(digest);
    }

    /// <summary>
    /// True if <paramref name="certificate"/> hashes to <paramref name="expectedHex"/> (either case).
    /// A malformed expected value never matches.
    /// </summary>
    public static bool Matches(X509Certificate2 certificate, string expectedHex)
    {
        Span<byte> expected = stackalloc byte[Sha256Size];
        if (expectedHex.Length != Sha256Size * 2
            || Convert.FromHexString(expectedHex, expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != Sha256Size)
        {
            return false;
        }
        Span<byte> actual = stackalloc byte[Sha256Size];
        SHA256.HashData(certificate.RawData, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
