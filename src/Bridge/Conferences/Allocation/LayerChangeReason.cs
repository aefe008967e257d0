namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>Why the allocator moved a track's target layer.</summary>
public enum LayerChangeReason
{
    /// <summary>The viewer's estimate (or its share of it) went down or up.</summary>
    Bandwidth,

    /// <summary>The viewer pinned, capped or released a layer.</summary>
    ViewerRequest,

    /// <summary>The publisher stopped sending the layer the track was on.</summary>
    LayerStopped,
}
