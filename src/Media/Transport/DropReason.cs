namespace OctoMesh.Media.Transport;

/// <summary>Why the media port dropped a datagram; each is a labelled counter in /metrics.</summary>
public enum DropReason
{
    UnknownProtocol,
    StunMalformed,
    StunUnknownUsername,
    StunBadIntegrity,
    StunBadFingerprint,
    UnknownSource,
    DtlsQueueFull,
    RtpMalformed,
    RtcpMalformed,
    SrtpAuthenticationFailed,
    SrtpReplayed,
    SrtpOther,
    NotConnected,
    SendFailed,
    DtlsMalformed,
}
