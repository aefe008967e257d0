namespace OctoMesh.Media.Transport;

/// <summary>What a datagram on the shared media port carries.</summary>
public enum PacketClass
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

/// <summary>
/// Demultiplexes the single media port by the first byte, RFC 7983 §7:
/// <code>
///                  +----------------+
///                  |        [0..3] -+--> STUN
///                  |      [20..63] -+--> DTLS
///      packet -->  |    [128..191] -+--> RTP/RTCP
///                  +----------------+
/// </code>
/// RTP and RTCP share 128..191 (rtcp-mux, RFC 5761 §4): RTCP packet types 192..223
/// land in the second byte, where RTP would have marker + payload type.
/// </summary>
public static class PacketClassifier
{
    /// <summary>RFC 3550 fixed header size; shorter RTP/RTCP is malformed.</summary>
    public const int MinimumRtpRtcpLength = 8;

    public static PacketClass Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketClass.Unknown;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            return PacketClass.Stun;
        }

        if (first is >= 20 and <= 63)
        {
            return PacketClass.Dtls;
        }

        if (first is >= 128 and <= 191)
        {
            if (datagram.Length < MinimumRtpRtcpLength)
            {
                return PacketClass.Unknown;
            }

            // RFC 5761 §4: RTCP packet types 192-223 (200-206 in use) never collide
            // with RTP payload types 96-127 once the marker bit is masked off.
            var secondByte = datagram[1];
            return secondByte is >= 192 and <= 223 ? PacketClass.Rtcp : PacketClass.Rtp;
        }

        return PacketClass.Unknown;
    }
}
