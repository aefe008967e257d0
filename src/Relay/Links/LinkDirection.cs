namespace OctoMesh.Relay.Links;

/// <summary>Which side of a link this bridge is: the ordinally smaller bridge id dials.</summary>
public enum LinkDirection
{
    /// <summary>This bridge opened the gRPC stream (its id is ordinally smaller).</summary>
    Dialed,

    /// <summary>The peer opened the gRPC stream to this bridge's <see cref="MeshLinkService"/>.</summary>
    Accepted,
}
