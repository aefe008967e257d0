namespace OctoMesh.Media.Bwe;

/// <summary>
/// What the receiver reported about one sent packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// when it was sent and how big it was (this side's record), and when it arrived (the receiver's clock, only its
/// differences mean anything), or <see cref="NotReceived"/>. Times in microseconds.
/// </summary>
public readonly record struct PacketResult(long SendTimeUs, int Size, long ReceiveTimeUs, int ProbeCluster)
{
    public const long NotReceived = long.MinValue;

    /// <summary>No probe cluster: the packet carried media (or a retransmission).</summary>
    public const int NoProbe = -1;

    public bool Received => ReceiveTimeUs != NotReceived;
}
