namespace OctoMesh.Relay.Links;

/// <summary>Why a link was refused before it came up (counted in <see cref="MeshCounters.HellosRejected"/>).</summary>
public enum LinkRejection
{
    /// <summary>No Hello arrived within the heartbeat deadline, or the stream ended first.</summary>
    NoHello,

    /// <summary>The first message was something other than a Hello.</summary>
    NotAHello,

    /// <summary>The Hello's bridge id is not the peer whose certificate was pinned for this connection.</summary>
    WrongBridgeId,

    /// <summary>The peer dialed although its id is ordinally larger: it should be accepting.</summary>
    WrongDirection,

    /// <summary>The client certificate matches no registered peer (Kestrel normally refuses it earlier).</summary>
    UnknownCertificate,

    /// <summary>The peer was unregistered while its link was being set up.</summary>
    PeerUnregistered,
}
