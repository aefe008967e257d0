using System.Buffers.Binary;

namespace OctoMesh.Relay.Frames;

/// <summary>
/// The inter-bridge relay frame: a 16-byte header followed by one plain RTP or RTCP packet.
/// Carried as the payload of one UDP datagram inside WireGuard (DESIGN.md "Inter-bridge").
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  version = 1  |     kind      |        flags (reserved, 0)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// +                 conference id (64 bits, big endian)           +
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           source endpoint number (32 bits, big endian)        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        plain RTP (kind 1) or RTCP (kind 2) packet ...         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The source endpoint is a compact number the origin bridge assigns per conference (announced
/// over the control link) rather than the endpoint's string id: a fixed 4 bytes keeps the header
/// at 16 bytes, 4-byte aligned, and lets a receiver look the endpoint up without hashing a string
/// per packet. docs/relay.md explains the choice.
/// </remarks>
public static class RelayFrame
{
    /// <summary>The only version this code writes and accepts.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Bytes before the RTP/RTCP packet.</summary>
    public const int HeaderSize = 16;

    /// <summary>
    /// The smallest packet worth relaying: an RTP fixed header (RFC 3550 §5.1, 12 bytes) or an
    /// RTCP header plus sender SSRC (RFC 3550 §6.4, 8 bytes). Shorter payloads are refused.
    /// </summary>
    public const int MinimumRtpSize = 12;

    /// <inheritdoc cref="MinimumRtpSize"/>
    public const int MinimumRtcpSize = 8;

    private const int VersionOffset = 0;
    private const int KindOffset = 1;
    private const int FlagsOffset = 2;
    private const int ConferenceIdOffset = 4;
    private const int SourceEndpointOffset = 12;

    /// <summary>
    /// Writes the header and copies <paramref name="packet"/> after it.
    /// </summary>
    /// <returns>The bytes written, or 0 if <paramref name="destination"/> is too small (nothing useful is written then).</returns>
    public static int Write(
        Span<byte> destination, RelayFrameKind kind, ulong conferenceId, uint sourceEndpointNumber,
        ReadOnlySpan<byte> packet, ushort flags = 0)
    {
        var total = HeaderSize + packet.Length;
        if (destination.Length < total)
        {
            return 0;
        }
        WriteHeader(destination, kind, conferenceId, sourceEndpointNumber, flags);
        packet.CopyTo(destination[HeaderSize..]);
        return total;
    }

    /// <summary>
    /// Writes only the header, for a caller that already placed the packet at
    /// <c>destination[HeaderSize..]</c> (receive straight into a pooled buffer, no copy).
    /// </summary>
    /// <returns><see cref="HeaderSize"/>, or 0 if <paramref name="destination"/> is shorter than that.</returns>
    public static int WriteHeader(
        Span<byte> destination, RelayFrameKind kind, ulong conferenceId, uint sourceEndpointNumber, ushort flags = 0)
    {
        if (destination.Length < HeaderSize)
        {
            return 0;
        }
        destination[VersionOffset] = CurrentVersion;
        destination[KindOffset] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(destination[FlagsOffset..], flags);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ConferenceIdOffset..], conferenceId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SourceEndpointOffset..], sourceEndpointNumber);
        return HeaderSize;
    }

    /// <summary>
    /// Parses a frame. Never throws: anything that is not a version-1 RTP or RTCP frame with a
    /// plausible packet after the header returns false (the caller counts it).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out RelayFrameHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (frame.Length < HeaderSize || frame[VersionOffset] != CurrentVersion)
        {
            return false;
        }
        var kind = (RelayFrameKind)frame[KindOffset];
        var packet = frame[HeaderSize..];
        var minimum = kind switch
        {
            RelayFrameKind.Rtp => MinimumRtpSize,
            RelayFrameKind.Rtcp => MinimumRtcpSize,
            _ => -1,
        };
        // RFC 3550 §5.1/§6.4.1: both start with version 2 in the top two bits.
        if (minimum < 0 || packet.Length < minimum || packet[0] >> 6 != 2)
        {
            return false;
        }
        header = new RelayFrameHeader(
            kind,
            BinaryPrimitives.ReadUInt16BigEndian(frame[FlagsOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(frame[ConferenceIdOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(frame[SourceEndpointOffset..]));
        payload = packet;
        return true;
    }
}
