namespace OctoMesh.Geo.Selection;

/// <summary>Why <see cref="BridgeSelector"/> chose what it chose.</summary>
public enum SelectionReason
{
    /// <summary>No bridge is healthy, not draining and of a matching version.</summary>
    NoEligibleBridge,

    /// <summary>A bridge already hosting the room is near the client (within the configured radius or RTT) and has room.</summary>
    RoomBridgeNearby,

    /// <summary>The nearest bridge that is neither overloaded nor full for this room.</summary>
    Nearest,

    /// <summary>Every bridge is overloaded or full for this room: the least loaded one.</summary>
    LeastLoadedAllOverloaded,

    /// <summary>Nothing is known about where the client is: the least loaded bridge.</summary>
    LeastLoadedNoLocation,
}
