using System.Security.Cryptography;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// SHA-256 certificate fingerprints as they appear in SDP (RFC 8122 §5):
/// <c>a=fingerprint:sha-256 AB:CD:...:EF</c>, 32 bytes as uppercase hex pairs separated by colons.
/// </summary>
internal static class DtlsFingerprint
{
    public const int Sha256Length = 32;

    /// <summary>"XX:" per byte, without the trailing colon: 32 * 3 - 1 = 95 characters.</summary>
    public const int Sha256TextLength = Sha256Length * 3 - 1;

    private const char Separator = ':';

    public static string Format(ReadOnlySpan<byte> digest)
    {
        if (digest.Length == 0)
        {
            return string.Empty;
        }

        Span<char> text = stackalloc char[digest.Length * 3 - 1];
        for (int i = 0; i < digest.Length; i++)
        {
            int position = i * 3;
            text[position] = HexDigit(digest[i] >> 4);
            text[position + 1] = HexDigit(digest[i] & 0xF);
            if (i < digest.Length - 1)
            {
                text[position + 2] = Separator;
            }
        }

        return new string(text);
    }

    public static string ComputeSha256(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> digest = stackalloc byte[Sha256Length];
        SHA256.HashData(derCertificate, digest);
        return Format(digest);
    }

    /// <summary>
    /// Parses "AB:cd:..." (hex is case-insensitive, RFC 8122 §5) into 32 bytes. Returns false for
    /// null, wrong length, missing separators or non-hex characters; never throws.
    /// </summary>
    public static bool TryParseSha256(string? text, Span<byte> digest)
    {
        if (text is null || digest.Length < Sha256Length)
        {
            return false;
        }

        ReadOnlySpan<char> trimmed = text.AsSpan().Trim();
        if (trimmed.Length != Sha256TextLength)
        {
            return false;
        }

        for (int i = 0; i < Sha256Length; i++)
        {
            int position = i * 3;
            int high = HexValue(trimmed[position]);
            int low = HexValue(trimmed[position + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            if (i < Sha256Length - 1 && trimmed[position + 2] != Separator)
            {
                return false;
            }

            digest[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    /// <summary>
    /// True when the SHA-256 of <paramref name="derCertificate"/> equals <paramref name="expected"/>,
    /// compared in constant time.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> derCertificate, string? expected)
    {
        Span<byte> expectedDigest = stackalloc byte[Sha256Length];
        if (!TryParseSha256(expected, expectedDigest))
        {
            return false;
        }

        Span<byte> actualDigest = stackalloc byte[Sha256Length];
        SHA256.HashData(derCertificate, actualDigest);
        return CryptographicOperations.FixedTimeEquals(actualDigest, expectedDigest);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
