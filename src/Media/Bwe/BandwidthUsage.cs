namespace OctoMesh.Media.Bwe;

/// <summary>The overuse detector's verdict on the path's queue (draft-ietf-rmcat-gcc-02 §5.4).</summary>
public enum BandwidthUsage
{
    /// <summary>The queue is steady: the rate may grow.</summary>
    Normal,

    /// <summary>The queue grows: the sender is above the path's capacity.</summary>
    Overusing,

    /// <summary>The queue drains: hold the rate until it is empty.</summary>
    Underusing,
}
