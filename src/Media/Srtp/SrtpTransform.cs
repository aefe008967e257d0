namespace OctoMesh.Media.Srtp;

/// <summary>
/// The cryptographic transform of one set of session keys (RFC 3711 §3.2.1): the context parses
/// headers, tracks indices and replay, and hands this type a validated packet with its index.
/// Implementations own their key schedules for the context's lifetime and are not thread-safe.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>RFC 3711 §3.4: the E flag, top bit of the 32-bit word carrying the SRTCP index.</summary>
    public const uint SrtcpEncryptedFlag = 0x8000_0000;

    /// <summary>The SRTCP index is 31 bits (RFC 3711 §3.4).</summary>
    public const uint SrtcpIndexMask = 0x7FFF_FFFF;

    /// <summary>Length of the E flag + SRTCP index word.</summary>
    public const int SrtcpIndexLength = 4;

    /// <summary>Bytes appended to an RTP packet (the authentication tag).</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes appended to an RTCP packet (index word and tag).</summary>
    public int RtcpOverhead => RtpOverhead + SrtcpIndexLength;

    /// <summary>Where the E flag + index word starts, counted back from the end of an SRTCP packet.</summary>
    public abstract int SrtcpIndexOffsetFromEnd { get; }

    /// <summary>
    /// Encrypts and authenticates <paramref name="packet"/> into <paramref name="destination"/>
    /// (length <c>packet.Length + RtpOverhead</c>; same memory or disjoint).
    /// </summary>
    public abstract void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index);

    /// <summary>
    /// Verifies and decrypts <paramref name="srtpPacket"/> into <paramref name="destination"/>
    /// (length <c>srtpPacket.Length - RtpOverhead</c>). False when the tag does not verify.
    /// </summary>
    public abstract bool UnprotectRtp(ReadOnlySpan<byte> srtpPacket, Span<byte> destination, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts (E = 1) and authenticates an RTCP compound packet, appending index and tag.</summary>
    public abstract void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex);

    /// <summary>Verifies an SRTCP packet and, when <paramref name="encrypted"/>, decrypts it.</summary>
    public abstract bool UnprotectRtcp(ReadOnlySpan<byte> srtcpPacket, Span<byte> destination, uint ssrc, uint srtcpIndex, bool encrypted);

    public abstract void Dispose();
}
