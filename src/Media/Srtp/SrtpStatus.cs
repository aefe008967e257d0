namespace OctoMesh.Media.Srtp;

/// <summary>
/// Outcome of an SRTP or SRTCP protect/unprotect operation. Hostile or broken input never throws:
/// it yields one of the failure values, which the caller counts and drops.
/// </summary>
public enum SrtpStatus
{
    /// <summary>The packet was processed and <c>bytesWritten</c> bytes were written.</summary>
    Ok,

    /// <summary>The packet is shorter than the fixed header plus the profile's trailer.</summary>
    TooShort,

    /// <summary>The header declares more bytes (CSRCs, header extension) than the packet holds.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §7.2).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The packet index lies behind the replay window (RFC 3711 §3.3.2).</summary>
    TooOld,

    /// <summary>The destination span cannot hold the output.</summary>
    DestinationTooSmall,

    /// <summary>The context already tracks <see cref="SrtpContext.MaxSsrcs"/> SSRCs.</summary>
    TooManySsrcs,
}
