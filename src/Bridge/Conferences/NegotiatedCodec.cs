namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A codec as one side of one m-line negotiated it. Payload types are per PeerConnection,
/// so forwarding maps the publisher's to each subscriber's (RFC 3551 §3: dynamic PTs are bound by SDP).
/// </summary>
public sealed record NegotiatedCodec(string Name, int ClockRate, int Channels, int PayloadType, int? RtxPayloadType, string? Fmtp)
{
    public bool IsSameCodec(NegotiatedCodec other) =>
        string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && ClockRate == other.ClockRate;
}
