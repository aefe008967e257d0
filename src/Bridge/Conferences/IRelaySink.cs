namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A remote bridge that subscribed to a local source: each packet goes to it once, however many
/// viewers it has there (DESIGN.md "Forwarding"). Called on the receive thread; must not block.
/// </summary>
public interface IRelaySink
{
    string PeerId { get; }

    void ForwardRtp(MediaSource source, ReadOnlySpan<byte> packet);

    void ForwardRtcp(MediaSource source, ReadOnlySpan<byte> packet);
}
