using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Tests.Links;

public enum MeshEventKind
{
    PeerUp,
    PeerDown,
    Message,
}

/// <summary>One callback a <see cref="RecordingMeshHandler"/> received, with when it arrived.</summary>
public sealed record MeshEvent(MeshEventKind Kind, string PeerId, DateTime At, Hello? Hello = null, string? Reason = null, LinkMessage? Message = null)
{
    public override string ToString() =>
        $"{At:HH:mm:ss.fff} {Kind} {PeerId}{(Reason is null ? "" : $" ({Reason})")}{(Message is null ? "" : $" {Message}")}";
}
