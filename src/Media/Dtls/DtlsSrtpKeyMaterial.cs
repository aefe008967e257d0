using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// Pure DTLS-SRTP helpers: which profile to pick and how the exported keying material is laid out.
/// </summary>
internal static class DtlsSrtpKeyMaterial
{
    /// <summary>RFC 5764 §4.2: the TLS exporter label for SRTP keys.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>RFC 3711 §8.2 / RFC 7714 §12: both profiles use a 128-bit master key.</summary>
    public const int Aes128MasterKeyLength = 16;

    /// <summary>RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 has a 112-bit master salt.</summary>
    public const int AesCmMasterSaltLength = 14;

    /// <summary>RFC 7714 §12: SRTP_AEAD_AES_128_GCM has a 96-bit master salt.</summary>
    public const int AeadGcmMasterSaltLength = 12;

    /// <summary>
    /// The profiles this endpoint offers or accepts, most preferred first: AEAD GCM (RFC 7714) is
    /// cheaper per packet and authenticates the whole packet, AES-CM/HMAC-SHA1-80 is the mandatory
    /// fallback (RFC 8827 §6.5).
    /// </summary>
    public static ReadOnlySpan<int> PreferredProfiles =>
        [(int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>
    /// RFC 5764 §4.1.1: the server picks one of the client's offered profiles. We apply our own
    /// preference order rather than the client's, so GCM wins whenever offered.
    /// </summary>
    public static bool TrySelectProfile(ReadOnlySpan<int> offeredProfiles, out SrtpProfile selected)
    {
        foreach (int preferred in PreferredProfiles)
        {
            if (offeredProfiles.Contains(preferred))
            {
                selected = (SrtpProfile)preferred;
                return true;
            }
        }

        selected = default;
        return false;
    }

    /// <summary>True for the profiles this endpoint implements.</summary>
    public static bool IsSupported(int profile) => PreferredProfiles.Contains(profile);

    public static int MasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AeadAes128Gcm => Aes128MasterKeyLength,
        SrtpProfile.Aes128CmHmacSha1_80 => Aes128MasterKeyLength,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    public static int MasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AeadAes128Gcm => AeadGcmMasterSaltLength,
        SrtpProfile.Aes128CmHmacSha1_80 => AesCmMasterSaltLength,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>RFC 5764 §4.2: 2 * (SRTPSecurityParams.master_key_len + master_salt_len) bytes.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) =>
        2 * (MasterKeyLength(profile) + MasterSaltLength(profile));

    /// <summary>
    /// Splits exported keying material (RFC 5764 §4.2):
    /// <code>
    /// client_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
    /// server_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
    /// client_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];
    /// server_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];
    /// </code>
    /// </summary>
    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial)
    {
        int keyLength = MasterKeyLength(profile);
        int saltLength = MasterSaltLength(profile);
        if (keyingMaterial.Length != KeyingMaterialLength(profile))
        {
            throw new ArgumentException(
                $"Expected {KeyingMaterialLength(profile)} bytes of keying material for {profile}.",
                nameof(keyingMaterial));
        }

        int offset = 0;
        byte[] clientKey = keyingMaterial.Slice(offset, keyLength).ToArray();
        offset += keyLength;
        byte[] serverKey = keyingMaterial.Slice(offset, keyLength).ToArray();
        offset += keyLength;
        byte[] clientSalt = keyingMaterial.Slice(offset, saltLength).ToArray();
        offset += saltLength;
        byte[] serverSalt = keyingMaterial.Slice(offset, saltLength).ToArray();
        return new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
