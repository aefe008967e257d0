namespace OctoMesh.Media.Stun;

/// <summary>Outcome of parsing a datagram as a STUN message; the caller counts failures, nothing throws.</summary>
public enum StunParseStatus
{
    /// <summary>A well-formed STUN message.</summary>
    Ok,

    /// <summary>Not STUN at all: top bits set or wrong magic cookie (RFC 8489 §6.3, RFC 7983 demux).</summary>
    NotStun,

    /// <summary>Shorter than the header, or shorter than the header's length field says.</summary>
    Truncated,

    /// <summary>Looks like STUN but breaks a framing rule (length, attribute bounds, attribute sizes, FINGERPRINT not last).</summary>
    Malformed,
}
