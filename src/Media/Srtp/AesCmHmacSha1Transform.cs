using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1 encryption, §4.2.1 authentication, 80-bit tag).
/// <code>
/// SRTP:  header | encrypted payload | tag(10)        tag = HMAC-SHA1(k_a, header | payload | ROC)
/// SRTCP: header(8) | encrypted rest | E+index(4) | tag(10)
/// </code>
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    public const int SessionKeyLength = 16;
    public const int SessionSaltLength = 14;

    /// <summary>RFC 3711 §8.2: n_a = 160 bits.</summary>
    public const int SessionAuthKeyLength = 20;

    /// <summary>RFC 3711 §8.2: n_tag = 80 bits.</summary>
    public const int TagLength = 10;

    private const int RolloverCounterLength = 4;
    private const int Sha1Length = 20;

    private readonly AesCounterModeCipher cipher;
    private readonly IncrementalHash hmac;
    private readonly byte[] sessionSalt;

    public AesCmHmacSha1Transform(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> sessionAuthKey)
    {
        cipher = new AesCounterModeCipher(sessionKey);
        hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, sessionAuthKey);
        this.sessionSalt = sessionSalt.ToArray();
    }

    public override int RtpOverhead => TagLength;

    public override int SrtcpIndexOffsetFromEnd => SrtcpIndexLength + TagLength;

    public override void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        packet.CopyTo(destination);
        Span<byte> iv = stackalloc byte[AesCounterModeCipher.IvLength];
        BuildIv(ssrc, index, iv);
        cipher.Apply(iv, destination.Slice(headerLength, packet.Length - headerLength));
        ComputeRtpTag(destination.Slice(0, packet.Length), SrtpIndexEstimator.RolloverCounter(index), destination.Slice(packet.Length, TagLength));
    }

    public override bool UnprotectRtp(ReadOnlySpan<byte> srtpPacket, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = srtpPacket.Length - TagLength;
        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeRtpTag(srtpPacket.Slice(0, authenticatedLength), SrtpIndexEstimator.RolloverCounter(index), expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, srtpPacket.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        srtpPacket.Slice(0, authenticatedLength).CopyTo(destination);
        Span<byte> iv = stackalloc byte[AesCounterModeCipher.IvLength];
        BuildIv(ssrc, index, iv);
        cipher.Apply(iv, destination.Slice(headerLength, authenticatedLength - headerLength));
        return true;
    }

    public override void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex)
    {
        packet.CopyTo(destination);
        Span<byte> iv = stackalloc byte[AesCounterModeCipher.IvLength];
        BuildIv(ssrc, srtcpIndex, iv);
        int clear = SrtpPacketHeaders.RtcpClearHeaderLength;
        cipher.Apply(iv, destination.Slice(clear, packet.Length - clear));
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(packet.Length), SrtcpEncryptedFlag | srtcpIndex);
        int authenticatedLength = packet.Length + SrtcpIndexLength;
        ComputeRtcpTag(destination.Slice(0, authenticatedLength), destination.Slice(authenticatedLength, TagLength));
    }

    public override bool UnprotectRtcp(ReadOnlySpan<byte> srtcpPacket, Span<byte> destination, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        // RFC 3711 §3.4: the authenticated portion covers header, encrypted portion and E+index.
        int authenticatedLength = srtcpPacket.Length - TagLength;
        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeRtcpTag(srtcpPacket.Slice(0, authenticatedLength), expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, srtcpPacket.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        int rtcpLength = authenticatedLength - SrtcpIndexLength;
        srtcpPacket.Slice(0, rtcpLength).CopyTo(destination);
        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterModeCipher.IvLength];
            BuildIv(ssrc, srtcpIndex, iv);
            int clear = SrtpPacketHeaders.RtcpClearHeaderLength;
            cipher.Apply(iv, destination.Slice(clear, rtcpLength - clear));
        }

        return true;
    }

    public override void Dispose()
    {
        cipher.Dispose();
        hmac.Dispose();
        CryptographicOperations.ZeroMemory(sessionSalt);
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).</summary>
    private void BuildIv(uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        Span<byte> ssrcAndIndex = stackalloc byte[AesCounterModeCipher.IvLength];
        ssrcAndIndex.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(ssrcAndIndex.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(ssrcAndIndex.Slice(8), index << 16);
        for (int i = 0; i < SessionSaltLength; i++)
        {
            iv[i] = (byte)(sessionSalt[i] ^ ssrcAndIndex[i]);
        }
    }

    /// <summary>RFC 3711 §4.2: M = authenticated portion || ROC, tag = leftmost 80 bits of HMAC-SHA1.</summary>
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticatedPortion, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[RolloverCounterLength];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        hmac.AppendData(authenticatedPortion);
        hmac.AppendData(roc);
        FinishTag(tag);
    }

    private void ComputeRtcpTag(ReadOnlySpan<byte> authenticatedPortion, Span<byte> tag)
    {
        hmac.AppendData(authenticatedPortion);
        FinishTag(tag);
    }

    private void FinishTag(Span<byte> tag)
    {
        Span<byte> digest = stackalloc byte[Sha1Length];
        hmac.GetHashAndReset(digest);
        digest.Slice(0, TagLength).CopyTo(tag);
    }
}
