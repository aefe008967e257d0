namespace OctoMesh.Media.Rtcp;

/// <summary>Packet status symbols of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcSymbol
{
    /// <summary>00: packet not received; no delta.</summary>
    NotReceived = 0,

    /// <summary>01: received, with a one-byte unsigned delta.</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: received, with a two-byte signed delta.</summary>
    ReceivedLargeDelta = 2,
}
