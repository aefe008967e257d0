namespace OctoMesh.Media.Srtp;

/// <summary>
/// Session key derivation of RFC 3711 §4.3 with the AES-CM PRF (§4.3.3) and key derivation rate 0,
/// which DTLS-SRTP mandates (RFC 5764 §4.1.2). RFC 7714 §11 uses the same PRF with a 96-bit salt.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.1 and §4.3.2 labels.</summary>
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>key_id = label || r is 7 octets, right-aligned in the 14-octet salt: the label lands at octet 7.</summary>
    private const int LabelOffset = 7;

    /// <summary>
    /// RFC 3711 §4.3.1: x = key_id XOR master_salt, and the session key is the AES-CM keystream
    /// of the master key with IV = x * 2^16, truncated to the length wanted. A 12-byte (RFC 7714)
    /// master salt is zero-padded on the right to the same 14 octets.
    /// </summary>
    public static void Derive(AesCounterModeCipher masterKeyCipher, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> sessionKey)
    {
        Span<byte> iv = stackalloc byte[AesCounterModeCipher.IvLength];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[LabelOffset] ^= label;
        sessionKey.Clear();
        masterKeyCipher.Apply(iv, sessionKey);
    }
}
