namespace OctoMesh.Media.Rtcp;

/// <summary>RTCP packet type code points (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    /// <summary>Sender report (RFC 3550 §6.4.1).</summary>
    public const byte SenderReport = 200;

    /// <summary>Receiver report (RFC 3550 §6.4.2).</summary>
    public const byte ReceiverReport = 201;

    /// <summary>Source description (RFC 3550 §6.5).</summary>
    public const byte SourceDescription = 202;

    /// <summary>Goodbye (RFC 3550 §6.6).</summary>
    public const byte Goodbye = 203;

    /// <summary>Application-defined (RFC 3550 §6.7).</summary>
    public const byte ApplicationDefined = 204;

    /// <summary>Transport-layer feedback, RTPFB (RFC 4585 §6.2).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>Payload-specific feedback, PSFB (RFC 4585 §6.3).</summary>
    public const byte PayloadSpecificFeedback = 206;
}
