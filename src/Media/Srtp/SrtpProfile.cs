namespace OctoMesh.Media.Srtp;

/// <summary>
/// DTLS-SRTP protection profiles the bridge negotiates, with their IANA
/// "DTLS-SRTP Protection Profiles" code points (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// </summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: 16-byte key, 14-byte salt, 10-byte tag.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: 16-byte key, 12-byte salt, 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,
}
