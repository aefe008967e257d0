namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>The outcome of checking a transport counter against the <see cref="ReplayWindow"/>.</summary>
internal enum ReplayCheck
{
    Accepted,
    Duplicate,
    TooOld,
    /// <summary>The counter reached REJECT_AFTER_MESSAGES: the keypair must not be used any more.</summary>
    Exhausted,
}
