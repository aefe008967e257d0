namespace OctoMesh.Geo.Location;

/// <summary>Where <see cref="ClientAddressResolver"/> found the client's address.</summary>
public enum ClientAddressSource
{
    /// <summary>The TCP peer: it is not a trusted proxy, or there was no X-Forwarded-For.</summary>
    Peer,

    /// <summary>An X-Forwarded-For entry added by a trusted proxy.</summary>
    ForwardedFor,

    /// <summary>The TCP peer, because the X-Forwarded-For chain held garbage or was too long before an untrusted hop.</summary>
    PeerAfterInvalidForwardedFor,
}
