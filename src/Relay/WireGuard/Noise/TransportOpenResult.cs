namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>Outcomes of opening a transport data message.</summary>
internal enum TransportOpenResult
{
    Ok,
    DecryptionFailed,
    Replayed,
    /// <summary>The keypair is past REJECT_AFTER_TIME or REJECT_AFTER_MESSAGES.</summary>
    Expired,
    DestinationTooSmall,
}
