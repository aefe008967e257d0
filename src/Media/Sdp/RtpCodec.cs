namespace OctoMesh.Media.Sdp;

/// <summary>
/// One payload type of a media section: its "a=rtpmap" (RFC 8866 §6.6), "a=fmtp" parameters
/// (RFC 8866 §6.15) and "a=rtcp-fb" values (RFC 4585 §4.2). An "rtx" codec (RFC 4588 §8.6) names
/// the payload type it repairs with "apt".
/// </summary>
public sealed class RtpCodec
{
    /// <summary>The retransmission codec name (RFC 4588 §8.6).</summary>
    public const string RtxName = "rtx";

    /// <summary>The fmtp key naming the payload type an RTX codec repairs.</summary>
    public const string AssociatedPayloadTypeParameter = "apt";

    /// <summary>The RTP payload type, 0-127.</summary>
    public int PayloadType { get; set; }

    /// <summary>The encoding name as written ("opus", "VP8", "H264", "rtx"); compare case-insensitively.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The RTP clock rate in Hz.</summary>
    public int ClockRate { get; set; }

    /// <summary>Audio channels; 1 when the rtpmap has none (RFC 8866 §6.6). Only values above 1 are written.</summary>
    public int Channels { get; set; } = 1;

    /// <summary>fmtp parameters with case-insensitive keys, written back in insertion order.</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>rtcp-fb values such as "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".</summary>
    public List<string> Feedback { get; set; } = [];

    /// <summary>The payload type of the RTX codec whose apt names this codec, linked after parsing.</summary>
    public int? RtxPayloadType { get; set; }

    /// <summary>True for the "rtx" retransmission format.</summary>
    public bool IsRtx => string.Equals(Name, RtxName, StringComparison.OrdinalIgnoreCase);

    /// <summary>For RTX: the repaired payload type (its "apt" fmtp parameter).</summary>
    public int? AssociatedPayloadType
    {
        get => Parameters.TryGetValue(AssociatedPayloadTypeParameter, out var apt) && SdpTokens.TryParsePayloadType(apt, out var pt)
            ? pt
            : null;
        set
        {
            if (value is { } apt)
            {
                Parameters[AssociatedPayloadTypeParameter] = SdpTokens.Format(apt);
            }
            else
            {
                Parameters.Remove(AssociatedPayloadTypeParameter);
            }
        }
    }

    /// <summary>Creates an RTX codec repairing <paramref name="associatedPayloadType"/>.</summary>
    public static RtpCodec CreateRtx(int payloadType, int associatedPayloadType, int clockRate)
    {
        var rtx = new RtpCodec { PayloadType = payloadType, Name = RtxName, ClockRate = clockRate };
        rtx.AssociatedPayloadType = associatedPayloadType;
        return rtx;
    }

    /// <summary>Case-insensitive encoding name comparison.</summary>
    public bool HasName(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of an fmtp parameter, or null.</summary>
    public string? GetParameter(string key) => Parameters.TryGetValue(key, out var value) ? value : null;

    /// <summary>A deep copy, so negotiation never aliases a parsed description's lists.</summary>
    public RtpCodec Clone() => new()
    {
        PayloadType = PayloadType,
        Name = Name,
        ClockRate = ClockRate,
        Channels = Channels,
        Parameters = new Dictionary<string, string>(Parameters, StringComparer.OrdinalIgnoreCase),
        Feedback = [.. Feedback],
        RtxPayloadType = RtxPayloadType,
    };

    /// <summary>The rtpmap value, e.g. "111 opus/48000/2".</summary>
    public string FormatRtpMap()
    {
        var map = SdpTokens.Format(PayloadType) + " " + Name + "/" + SdpTokens.Format(ClockRate);
        return Channels > 1 ? map + "/" + SdpTokens.Format(Channels) : map;
    }

    /// <summary>The fmtp value without the payload type, e.g. "minptime=10;useinbandfec=1"; empty when none.</summary>
    public string FormatParameters() =>
        string.Join(';', Parameters.Select(pair => pair.Value.Length == 0 ? pair.Key : pair.Key + "=" + pair.Value));

    /// <summary>"PT name/clock[/channels]" for diagnostics.</summary>
    public override string ToString() => FormatRtpMap();
}
