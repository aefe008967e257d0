namespace OctoMesh.Media.Client;

/// <summary>
/// Receives one decrypted RTP packet or RTCP compound packet on the client's receive loop. The span is
/// the receive buffer and is reused after the call returns: copy what must outlive it, and do not block.
/// </summary>
public delegate void MediaPacketHandler(ReadOnlySpan<byte> packet);
