namespace OctoMesh.Bridge.Conferences;

public enum EndpointRole
{
    /// <summary>A room participant on the WebSocket protocol: publishes and subscribes.</summary>
    Participant,

    /// <summary>A WHIP ingest session: publishes only.</summary>
    WhipPublisher,

    /// <summary>A WHEP playback session: subscribes to one publisher only.</summary>
    WhepViewer,
}
