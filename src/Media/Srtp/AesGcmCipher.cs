namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES-128-GCM with a 96-bit IV and a 128-bit tag (NIST SP 800-38D), the AEAD of RFC 7714. <see cref="Create"/>
/// picks the implementation once per key: AES-NI and PCLMULQDQ where the CPU has them, the platform's
/// <see cref="System.Security.Cryptography.AesGcm"/> otherwise. Plaintext and ciphertext may be the same
/// memory (same offset) or disjoint.
/// </summary>
internal abstract class AesGcmCipher : IDisposable
{
    public const int KeyLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <param name="key">The 16-byte AES key.</param>
    /// <param name="allowIntrinsics">False forces the platform implementation (tests compare the two).</param>
    public static AesGcmCipher Create(ReadOnlySpan<byte> key, bool allowIntrinsics = true) =>
        allowIntrinsics && Aes128GcmIntrinsics.IsSupported
            ? new Aes128GcmIntrinsics(key)
            : new PlatformAesGcmCipher(key);

    /// <summary>SP 800-38D §7.1 GCM-AE: writes the ciphertext and the 16-byte tag.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>
    /// SP 800-38D §7.2 GCM-AD. False when the tag does not verify; <paramref name="plaintext"/> is then all zeros.
    /// A forged packet is expected input for an SFU, so it is a result, not an exception.
    /// </summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    public abstract void Dispose();
}
