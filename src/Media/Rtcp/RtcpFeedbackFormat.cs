namespace OctoMesh.Media.Rtcp;

/// <summary>FMT values carried in the count field of feedback packets.</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const int TransportCc = 15;

    /// <summary>PSFB picture loss indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB full intra request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB application layer feedback, used by REMB (draft-alvestrand-rmcat-remb §2.2).</summary>
    public const int ApplicationLayer = 15;
}
