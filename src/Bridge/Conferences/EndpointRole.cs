namespace OctoMesh.Bridge.Conferences;

public enum EndpointRole
{
    /// <summary>A room participant on the WebSocket protocol: publishes and subscribes.</summary>
    Participant,

    /// <summary>A WHIP ingest session: publishes only.</summary>
    WhipPublisher,

    /// <summary>A WHEP playback session: subscribes to one publisher only.</summary>
    WhepViewer,

    /// <summary>A publisher on another bridge whose media arrives over the relay (DESIGN.md "Inter-bridge").</summary>
    Relayed,
}
