using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// SRTP and SRTCP (RFC 3711) for one direction of one session: every SSRC sent (or received) under
/// one master key. Supports AES_CM_128_HMAC_SHA1_80 (RFC 3711) and AEAD_AES_128_GCM (RFC 7714),
/// key derivation rate 0, ROC estimation (§3.3.1) and a 64-packet replay window per SSRC (§3.3.2).
/// </summary>
/// <remarks>
/// Built for the forwarding hot path: key schedules are built once in <see cref="Create"/>, per-SSRC
/// state lives in fixed tables, and protect/unprotect allocate nothing. Output goes to a caller
/// buffer that may be the input itself (same offset) or disjoint from it. Not thread-safe: one
/// context is driven by one thread at a time, as one direction of one session is.
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>SSRCs tracked per table; a further SSRC gets <see cref="SrtpStatus.TooManySsrcs"/>.</summary>
    public const int MaxSsrcs = 64;

    private readonly SrtpTransform rtpTransform;
    private readonly SrtpTransform rtcpTransform;

    /// <summary>Sender side: the highest RTP index protected per SSRC (its ROC and last sequence number).</summary>
    private readonly SsrcStateTable<ulong> rtpSenders = new(MaxSsrcs);

    /// <summary>Receiver side: highest authenticated RTP index and replay bitmap per SSRC.</summary>
    private readonly SsrcStateTable<ReplayWindow> rtpReceivers = new(MaxSsrcs);

    /// <summary>Sender side: the next SRTCP index per SSRC.</summary>
    private readonly SsrcStateTable<uint> rtcpSenders = new(MaxSsrcs);

    /// <summary>Receiver side: SRTCP replay window per SSRC.</summary>
    private readonly SsrcStateTable<ReplayWindow> rtcpReceivers = new(MaxSsrcs);

    private SrtpContext(SrtpProfile profile, SrtpTransform rtpTransform, SrtpTransform rtcpTransform)
    {
        Profile = profile;
        this.rtpTransform = rtpTransform;
        this.rtcpTransform = rtcpTransform;
    }

    /// <summary>The protection profile this context was created with.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> adds: the authentication tag (10 or 16).</summary>
    public int RtpOverhead => rtpTransform.RtpOverhead;

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds: the 4-byte E flag + SRTCP index and the tag.</summary>
    public int RtcpOverhead => rtcpTransform.RtcpOverhead;

    /// <summary>Master key length of <paramref name="profile"/> in bytes (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int KeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => AesCmHmacSha1Transform.SessionKeyLength,
        SrtpProfile.AeadAes128Gcm => AeadAesGcmTransform.SessionKeyLength,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Master salt length of <paramref name="profile"/> in bytes (14 for AES-CM, 12 for GCM).</summary>
    public static int SaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => AesCmHmacSha1Transform.SessionSaltLength,
        SrtpProfile.AeadAes128Gcm => AeadAesGcmTransform.SessionSaltLength,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>
    /// Derives the six session keys (RFC 3711 §4.3, KDR = 0) from the master key and salt that
    /// DTLS-SRTP exported (RFC 5764 §4.2) and builds the key schedules once.
    /// </summary>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != KeyLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {KeyLength(profile)}-byte master key, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != SaltLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {SaltLength(profile)}-byte master salt, got {masterSalt.Length}.", nameof(masterSalt));
        }

        using var prf = new AesCounterModeCipher(masterKey);
        SrtpTransform rtp = CreateTransform(profile, prf, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, SrtpKeyDerivation.RtpAuthenticationLabel, SrtpKeyDerivation.RtpSaltLabel);
        SrtpTransform rtcp = CreateTransform(profile, prf, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, SrtpKeyDerivation.RtcpAuthenticationLabel, SrtpKeyDerivation.RtcpSaltLabel);
        return new SrtpContext(profile, rtp, rtcp);
    }

    /// <summary>
    /// A context from already derived session keys, used by RFC test vectors that start there
    /// (RFC 7714 §16-17); RTP and RTCP share the keys.
    /// </summary>
    internal static SrtpContext CreateFromSessionKeys(SrtpProfile profile, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> sessionAuthKey)
    {
        return new SrtpContext(profile, CreateTransform(profile, sessionKey, sessionSalt, sessionAuthKey), CreateTransform(profile, sessionKey, sessionSalt, sessionAuthKey));
    }

    /// <summary>Releases the key schedules and wipes the keys.</summary>
    public void Dispose()
    {
        rtpTransform.Dispose();
        rtcpTransform.Dispose();
    }

    /// <summary>Sets the SRTCP index the next RTCP packet of <paramref name="ssrc"/> is protected with (tests).</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint srtcpIndex)
    {
        int slot = rtcpSenders.Find(ssrc);
        if (slot < 0)
        {
            slot = rtcpSenders.Add(ssrc, 0);
        }

        rtcpSenders.StateAt(slot) = srtcpIndex & SrtpTransform.SrtcpIndexMask;
    }

    /// <summary>Forgets every receiver-side SSRC so a fixed set of packets can be unprotected again (benchmarks).</summary>
    internal void ForgetReceivedSsrcs()
    {
        rtpReceivers.Clear();
        rtcpReceivers.Clear();
    }

    private static SrtpTransform CreateTransform(SrtpProfile profile, AesCounterModeCipher prf, ReadOnlySpan<byte> masterSalt, byte encryptionLabel, byte authenticationLabel, byte saltLabel)
    {
        Span<byte> sessionKey = stackalloc byte[KeyLength(profile)];
        Span<byte> sessionSalt = stackalloc byte[SaltLength(profile)];
        Span<byte> sessionAuthKey = stackalloc byte[profile == SrtpProfile.Aes128CmHmacSha1_80 ? AesCmHmacSha1Transform.SessionAuthKeyLength : 0];
        try
        {
            SrtpKeyDerivation.Derive(prf, masterSalt, encryptionLabel, sessionKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, saltLabel, sessionSalt);
            SrtpKeyDerivation.Derive(prf, masterSalt, authenticationLabel, sessionAuthKey);
            return CreateTransform(profile, sessionKey, sessionSalt, sessionAuthKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
            CryptographicOperations.ZeroMemory(sessionSalt);
            CryptographicOperations.ZeroMemory(sessionAuthKey);
        }
    }

    private static SrtpTransform CreateTransform(SrtpProfile profile, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> sessionAuthKey) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => new AesCmHmacSha1Transform(sessionKey, sessionSalt, sessionAuthKey),
        SrtpProfile.AeadAes128Gcm => new AeadAesGcmTransform(sessionKey, sessionSalt),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>
    /// Output may reuse the input's memory only at the same offset; a shifted overlap would let
    /// the copy clobber bytes not yet read. That is a caller bug, not hostile input.
    /// </summary>
    private static void ThrowIfShiftedOverlap(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("The destination must be the input's own memory at the same offset, or not overlap it.", nameof(destination));
        }
    }
}
