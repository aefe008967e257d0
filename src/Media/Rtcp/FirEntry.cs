namespace OctoMesh.Media.Rtcp;

/// <summary>One FIR FCI entry: the media sender asked for a decoder refresh, and the request's sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);
