namespace OctoMesh.Media.Ice;

/// <summary>
/// What <see cref="IceLiteAgent.HandleBindingRequest"/> did with one datagram. The caller sends the
/// response when the returned length is positive, rebinds the session's 5-tuple on
/// <see cref="AnsweredAndSelected"/>, and counts the rest.
/// </summary>
public enum IceCheckOutcome
{
    /// <summary>Valid check; success response written; the selected address did not change.</summary>
    Answered,

    /// <summary>Valid check; success response written; <see cref="IceLiteAgent.SelectedRemote"/> is now the sender.</summary>
    AnsweredAndSelected,

    /// <summary>MESSAGE-INTEGRITY did not verify with the local password; 401 written (RFC 8489 §9.1.3).</summary>
    BadIntegrity,

    /// <summary>FINGERPRINT missing or wrong; silently discarded, nothing written (RFC 8445 §7.3, RFC 8489 §7.3).</summary>
    BadFingerprint,

    /// <summary>USERNAME is not "localUfrag:remoteUfrag" for this session; 401 written.</summary>
    UnknownUsername,

    /// <summary>
    /// Not a well-formed Binding request: unparsable (nothing written) or missing USERNAME /
    /// MESSAGE-INTEGRITY, or another method (400 written).
    /// </summary>
    Malformed,

    /// <summary>The peer also claims the controlled role (ICE-CONTROLLED); 487 written (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,

    /// <summary>A STUN indication or response, which a lite agent does not answer (RFC 8489 §6.3.2, §6.3.3).</summary>
    Ignored,
}
