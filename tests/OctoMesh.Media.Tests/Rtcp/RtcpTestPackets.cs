using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtcp;

/// <summary>Known RTCP byte sequences shared by the RTCP tests.</summary>
internal static class RtcpTestPackets
{
    public const string ChromeCname = "4TOk42mSjXCkVIa6";

    /// <summary>
    /// The compound Chrome sends for a video sender that receives nothing: an SR with no report block
    /// followed by an SDES with its 16-character random CNAME (libwebrtc RtcpSender), laid out byte by byte.
    /// </summary>
    public static readonly byte[] ChromeSenderReportWithSdes = Hex(
        "80 C8 0006" +          // V=2 RC=0 PT=200 length=6 (28 bytes)
        "1A2B3C4D" +            // SSRC of sender
        "E93C4F5A 8F5C28F5" +   // NTP timestamp
        "002B2640" +            // RTP timestamp 2827840
        "0000012C" +            // 300 packets
        "00012C00" +            // 76800 octets
        "81 CA 0006" +          // V=2 SC=1 PT=202 length=6 (28 bytes)
        "1A2B3C4D" +            // chunk SSRC
        "01 10" + "34544F6B34326D536A58436B56496136" + // CNAME, 16 bytes
        "0000");                // END item and padding to a word

    /// <summary>RR with two blocks, the second with a negative cumulative loss (duplicates).</summary>
    public static readonly byte[] ReceiverReportTwoBlocks = Hex(
        "82 C9 000D 11111111" +
        "22222222 19 000102 00010203 00000040 ABCD1234 00010000" +
        "33333333 00 FFFFFF 0000FFFF 00000000 00000000 00000000");

    // Chrome transport-cc feedback as captured in pion/webrtc-rs test suites (one run-length chunk,
    // small deltas, padding): 7 packets from base 4, deltas 19, 9, 9, 4, 3, 3, 4 ms.
    public static readonly byte[] ChromeTransportCcRunLength = Hex(
        "AF CD 0007 FA17FA17 193DD8BB 0004 0007 10636E 01 2007 4C 24 24 10 0C 0C 10 000003");

    // Chrome transport-cc feedback: one packet, base 153, 37 ms delta, one padding byte.
    public static readonly byte[] ChromeTransportCcSingle = Hex(
        "AF CD 0005 FA17FA17 43032FA0 0099 0001 3DE802 17 2001 94 01");

    /// <summary>
    /// Hand-built transport-cc with all three chunk kinds across the sequence wrap: a two-bit vector
    /// (FFFE..0004: -, s, s, -, s, -, -), a run of two large deltas (0005, 0006: -32768 and 32767 ticks),
    /// a one-bit vector of which only the first symbol counts (0007: small), then 2 padding bytes.
    /// </summary>
    public static readonly byte[] MixedTransportCc = Hex(
        "AF CD 0008 11111111 22222222 FFFE 000A 000100 05" +
        "C510 4002 A000" +
        "01 FF 7F 8000 7FFF 02" +
        "0002");

    /// <summary>Every packet kind, for truncation and fuzz loops.</summary>
    public static IEnumerable<byte[]> All()
    {
        yield return ChromeSenderReportWithSdes;
        yield return ReceiverReportTwoBlocks;
        yield return ChromeTransportCcRunLength;
        yield return ChromeTransportCcSingle;
        yield return Hex("81 CB 0003 11111111 04 62796521 000000"); // BYE with reason "bye!"
        yield return Hex("81 CE 0002 11111111 22222222");        // PLI
        yield return Hex("84 CE 0004 11111111 00000000 22222222 07000000"); // FIR
        yield return Hex("81 CD 0004 11111111 22222222 FFFE 8003 0010 0001"); // NACK
        yield return Hex("8F CE 0005 11111111 00000000 52454D42 01 0A 3B B7 22222222"); // REMB
        yield return MixedTransportCc;
    }
}
