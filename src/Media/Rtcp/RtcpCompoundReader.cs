namespace OctoMesh.Media.Rtcp;

/// <summary>
/// Walks the packets of an RTCP compound packet (RFC 3550 §6.1) without copying. Iteration stops at
/// the first packet whose header is invalid, and <see cref="IsMalformed"/> then tells the caller.
/// The reader does not insist that the compound starts with SR/RR, so reduced-size RTCP (RFC 5506)
/// is accepted too.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts reading <paramref name="compound"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _remaining = compound;
        IsMalformed = false;
    }

    /// <summary>True when iteration ended early on a malformed packet header.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Reads the next packet; false at the end or on malformed input.</summary>
    public bool TryReadNext(out RtcpPacketView packet)
    {
        if (_remaining.IsEmpty)
        {
            packet = default;
            return false;
        }

        if (!RtcpPacketView.TryRead(_remaining, out packet))
        {
            IsMalformed = true;
            _remaining = default;
            return false;
        }

        _remaining = _remaining.Slice(packet.Packet.Length);
        return true;
    }
}
