namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>How a UAPI reply turned out.</summary>
internal enum UapiReplyOutcome
{
    /// <summary>The reply ended with <c>errno=0</c>.</summary>
    Succeeded,

    /// <summary>The reply ended with a non-zero <c>errno=</c>.</summary>
    ErrnoReported,

    /// <summary>The reply broke the protocol; <see cref="UapiReply.Problem"/> says how.</summary>
    Malformed,
}
