namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// A handshake initiation processed as far as the responder can go without knowing the peer:
/// the initiator's static key is decrypted (it names the peer), the timestamp is not yet.
/// </summary>
internal sealed class InitiationPrefix
{
    public byte[] ChainingKey { get; } = new byte[32];
    public byte[] Hash { get; } = new byte[32];
    public byte[] RemoteEphemeral { get; } = new byte[32];
    public byte[] RemoteStatic { get; } = new byte[32];
    public uint SenderIndex { get; set; }
}
