namespace OctoMesh.Media.Sdp;

/// <summary>One rid in an "a=simulcast" stream list; <see cref="Paused"/> is the "~" prefix (RFC 8853 §5.1).</summary>
public sealed record SimulcastRid(string Id, bool Paused)
{
    /// <summary>The rid as written in a simulcast attribute.</summary>
    public override string ToString() => Paused ? "~" + Id : Id;
}
