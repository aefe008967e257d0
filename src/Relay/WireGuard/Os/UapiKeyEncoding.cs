using System.Security.Cryptography;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Converts WireGuard keys between the base64 that <c>wg(8)</c> and the mesh's registry use and
/// the lowercase hex the cross-platform UAPI carries (wireguard.com/xplatform: "keys are
/// 64-character hex strings").
/// </summary>
internal static class UapiKeyEncoding
{
    /// <summary>Curve25519 keys and WireGuard preshared keys are 32 bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Hex length of a key on the UAPI.</summary>
    public const int HexKeyLength = KeySize * 2;

    /// <summary>
    /// The UAPI hex of a base64 key. A key that is not 32 bytes of base64 is a configuration
    /// error of the caller, so it throws.
    /// </summary>
    public static string ToHex(string base64Key, string parameterName)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!Convert.TryFromBase64String(base64Key, key, out var written) || written != KeySize)
            {
                throw new ArgumentException(
                    $"A WireGuard key is {KeySize} bytes in base64 (44 characters, as wg genkey prints); got '{Describe(base64Key)}'.",
                    parameterName);
            }
            return Convert.ToHexStringLower(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The base64 of a UAPI hex key, or null when <paramref name="hex"/> is not 64 hex digits.</summary>
    public static string? TryFromHex(ReadOnlySpan<char> hex)
    {
        if (hex.Length != HexKeyLength)
        {
            return null;
        }
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (Convert.FromHexString(hex, key, out _, out var written) != System.Buffers.OperationStatus.Done
                || written != KeySize)
            {
                return null;
            }
            return Convert.ToBase64String(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>True when the 64 hex digits are all zero: the UAPI's way of saying "no key".</summary>
    public static bool IsAllZeroHex(ReadOnlySpan<char> hex) => hex.Length == HexKeyLength && !hex.ContainsAnyExcept('0');

    /// <summary>All-zero key hex, which removes a preshared key (wireguard.com/xplatform).</summary>
    public static readonly string ZeroKeyHex = new('0', HexKeyLength);

    // Never echo what might be a private key into an exception message: say only its shape.
    private static string Describe(string value) => $"{value.Length} characters";
}
