namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>What <see cref="WireGuardDevice.Receive"/> did with one datagram.</summary>
internal enum ReceiveStatus
{
    /// <summary>A UDP datagram for the application is in the plaintext buffer.</summary>
    Datagram,
    /// <summary>A protocol message (handshake, cookie, keepalive) was processed; nothing to deliver.</summary>
    Handled,
    /// <summary>The datagram was dropped; a counter says why.</summary>
    Dropped,
}
