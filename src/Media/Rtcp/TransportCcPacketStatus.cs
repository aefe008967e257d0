namespace OctoMesh.Media.Rtcp;

/// <summary>
/// The fate of one transport-wide sequence number in a feedback packet: received or not, and the
/// receive delta to the previous received packet (or to the reference time for the first one) in
/// 250 µs ticks.
/// </summary>
public readonly record struct TransportCcPacketStatus(ushort SequenceNumber, TransportCcSymbol Symbol, int DeltaTicks)
{
    /// <summary>Length of one delta tick in microseconds.</summary>
    public const int MicrosecondsPerTick = 250;

    /// <summary>True when the packet arrived.</summary>
    public bool Received => Symbol != TransportCcSymbol.NotReceived;

    /// <summary>The receive delta in microseconds.</summary>
    public int DeltaMicroseconds => DeltaTicks * MicrosecondsPerTick;
}
