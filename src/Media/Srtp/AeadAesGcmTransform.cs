using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OctoMesh.Media.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714): one AES-GCM pass both encrypts and authenticates.
/// <code>
/// SRTP:  header (AAD) | ciphertext | tag(16)                                  RFC 7714 §8
/// SRTCP: header(8) (AAD) | ciphertext | tag(16) | E+index(4) (AAD)            RFC 7714 §9
/// </code>
/// The AES-GCM implementation (<see cref="AesGcmCipher"/>) is chosen and keyed once, when the context is built.
/// </summary>
internal sealed class AeadAesGcmTransform : SrtpTransform
{
    public const int SessionKeyLength = 16;

    /// <summary>RFC 7714 §12: 96-bit salt.</summary>
    public const int SessionSaltLength = 12;

    /// <summary>RFC 7714 §12: 16-octet authentication tag.</summary>
    public const int TagLength = 16;

    private const int NonceLength = AesGcmCipher.NonceLength;
    private const int RtcpAadLength = SrtpPacketHeaders.RtcpClearHeaderLength + SrtcpIndexLength;

    private readonly AesGcmCipher gcm;
    private readonly byte[] sessionSalt;

    /// <summary>Only for SRTCP packets sent unencrypted (E = 0), where the whole packet is AAD.</summary>
    private byte[] unencryptedRtcpAad = [];

    public AeadAesGcmTransform(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt)
    {
        gcm = AesGcmCipher.Create(sessionKey);
        this.sessionSalt = sessionSalt.ToArray();
    }

    public override int RtpOverhead => TagLength;

    public override int SrtcpIndexOffsetFromEnd => SrtcpIndexLength;

    public override void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        packet.Slice(0, headerLength).CopyTo(destination);
        gcm.Encrypt(
            nonce,
            packet.Slice(headerLength),
            destination.Slice(headerLength, packet.Length - headerLength),
            destination.Slice(packet.Length, TagLength),
            destination.Slice(0, headerLength));
    }

    public override bool UnprotectRtp(ReadOnlySpan<byte> srtpPacket, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        int rtpLength = srtpPacket.Length - TagLength;
        if (!gcm.TryDecrypt(
                nonce,
                srtpPacket.Slice(headerLength, rtpLength - headerLength),
                srtpPacket.Slice(rtpLength, TagLength),
                destination.Slice(headerLength, rtpLength - headerLength),
                srtpPacket.Slice(0, headerLength)))
        {
            return false;
        }

        srtpPacket.Slice(0, headerLength).CopyTo(destination);
        return true;
    }

    public override void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex)
    {
        const int clear = SrtpPacketHeaders.RtcpClearHeaderLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, srtcpIndex, nonce);

        // RFC 7714 §9.2: AAD = the first 8 octets || E flag and SRTCP index.
        Span<byte> aad = stackalloc byte[RtcpAadLength];
        packet.Slice(0, clear).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(clear), SrtcpEncryptedFlag | srtcpIndex);

        packet.Slice(0, clear).CopyTo(destination);
        gcm.Encrypt(
            nonce,
            packet.Slice(clear),
            destination.Slice(clear, packet.Length - clear),
            destination.Slice(packet.Length, TagLength),
            aad);
        aad.Slice(clear).CopyTo(destination.Slice(packet.Length + TagLength));
    }

    public override bool UnprotectRtcp(ReadOnlySpan<byte> srtcpPacket, Span<byte> destination, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        const int clear = SrtpPacketHeaders.RtcpClearHeaderLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, srtcpIndex, nonce);
        int rtcpLength = srtcpPacket.Length - TagLength - SrtcpIndexLength;
        ReadOnlySpan<byte> tag = srtcpPacket.Slice(rtcpLength, TagLength);
        ReadOnlySpan<byte> indexWord = srtcpPacket.Slice(rtcpLength + TagLength, SrtcpIndexLength);

        if (!encrypted)
        {
            return UnprotectUnencryptedRtcp(srtcpPacket.Slice(0, rtcpLength), tag, indexWord, nonce, destination);
        }

        Span<byte> aad = stackalloc byte[RtcpAadLength];
        srtcpPacket.Slice(0, clear).CopyTo(aad);
        indexWord.CopyTo(aad.Slice(clear));
        if (!gcm.TryDecrypt(nonce, srtcpPacket.Slice(clear, rtcpLength - clear), tag, destination.Slice(clear, rtcpLength - clear), aad))
        {
            return false;
        }

        srtcpPacket.Slice(0, clear).CopyTo(destination);
        return true;
    }

    public override void Dispose()
    {
        gcm.Dispose();
        CryptographicOperations.ZeroMemory(sessionSalt);
    }

    /// <summary>RFC 7714 §9.3: with E = 0 the whole RTCP packet and the index word are AAD, nothing is encrypted.</summary>
    private bool UnprotectUnencryptedRtcp(ReadOnlySpan<byte> rtcp, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> indexWord, ReadOnlySpan<byte> nonce, Span<byte> destination)
    {
        int aadLength = rtcp.Length + SrtcpIndexLength;
        if (unencryptedRtcpAad.Length < aadLength)
        {
            // Rare path (browsers always encrypt SRTCP): grows once to the largest packet seen.
            unencryptedRtcpAad = new byte[aadLength];
        }

        Span<byte> aad = unencryptedRtcpAad.AsSpan(0, aadLength);
        rtcp.CopyTo(aad);
        indexWord.CopyTo(aad.Slice(rtcp.Length));
        if (!gcm.TryDecrypt(nonce, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, aad))
        {
            return false;
        }

        rtcp.CopyTo(destination);
        return true;
    }

    /// <summary>RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void BuildRtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce.Slice(0, 2).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(6), SrtpIndexEstimator.RolloverCounter(index));
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(10), (ushort)index);
        XorSalt(nonce);
    }

    /// <summary>RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || 31-bit SRTCP index) XOR salt.</summary>
    private void BuildRtcpNonce(uint ssrc, uint srtcpIndex, Span<byte> nonce)
    {
        nonce.Slice(0, 2).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        nonce.Slice(6, 2).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(8), srtcpIndex & SrtcpIndexMask);
        XorSalt(nonce);
    }

    private void XorSalt(Span<byte> nonce)
    {
        for (int i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= sessionSalt[i];
        }
    }
}
