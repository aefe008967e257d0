using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES-GCM through the platform's <see cref="AesGcm"/> (OpenSSL on Linux): the fallback where the CPU has no
/// AES-NI or PCLMULQDQ. Each call crosses into the native library, which costs more than the AES itself
/// for RTP-sized packets (docs/performance.md).
/// </summary>
internal sealed class PlatformAesGcmCipher : AesGcmCipher
{
    private readonly AesGcm gcm;

    public PlatformAesGcmCipher(ReadOnlySpan<byte> key)
    {
        gcm = new AesGcm(key, TagLength);
    }

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    /// <summary>AesGcm reports a bad tag by throwing (having zeroed the plaintext); here it becomes a result.</summary>
    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose() => gcm.Dispose();
}
