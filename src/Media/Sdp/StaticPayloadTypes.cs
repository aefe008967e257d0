namespace OctoMesh.Media.Sdp;

/// <summary>
/// RTP/AVP static payload types (RFC 3551 §6, Table 4) that WebRTC endpoints still list without an
/// rtpmap line, so that "m=audio 9 ... 0 8" describes PCMU and PCMA.
/// </summary>
internal static class StaticPayloadTypes
{
    private const int PcmuPayloadType = 0;
    private const int PcmaPayloadType = 8;
    private const int G722PayloadType = 9;
    private const int ComfortNoisePayloadType = 13;
    private const int G729PayloadType = 18;
    private const int NarrowbandClockRate = 8000;

    /// <summary>
    /// A codec for a static payload type, carrying any fmtp/rtcp-fb already seen in
    /// <paramref name="parsed"/>; null for dynamic or unknown payload types.
    /// </summary>
    internal static RtpCodec? TryCreate(int payloadType, RtpCodec? parsed)
    {
        var name = payloadType switch
        {
            PcmuPayloadType => "PCMU",
            PcmaPayloadType => "PCMA",
            // RFC 3551 §4.5.2: G.722 is sampled at 16 kHz but its RTP clock is 8000 Hz.
            G722PayloadType => "G722",
            ComfortNoisePayloadType => "CN",
            G729PayloadType => "G729",
            _ => null,
        };

        if (name is null)
        {
            return null;
        }

        var codec = parsed ?? new RtpCodec { PayloadType = payloadType };
        codec.Name = name;
        codec.ClockRate = NarrowbandClockRate;
        codec.Channels = 1;
        return codec;
    }
}
