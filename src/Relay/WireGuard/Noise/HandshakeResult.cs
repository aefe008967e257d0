namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>Outcomes of consuming a handshake message; anything but <see cref="Ok"/> drops it.</summary>
internal enum HandshakeResult
{
    Ok,
    /// <summary>An AEAD field did not authenticate (wrong key, tampered message).</summary>
    DecryptionFailed,
    /// <summary>The TAI64N timestamp is not later than the last accepted one (whitepaper §5.1).</summary>
    ReplayedTimestamp,
    /// <summary>Initiations from one peer faster than HANDSHAKE_INITIATION_RATE.</summary>
    Flood,
    /// <summary>A response that answers no initiation of ours.</summary>
    UnexpectedMessage,
    /// <summary>A Diffie-Hellman result was all zero (a low-order point).</summary>
    InvalidKey,
}
