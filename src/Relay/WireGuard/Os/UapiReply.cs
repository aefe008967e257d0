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

/// <summary>
/// A parsed UAPI reply. For <c>get=1</c> a successful reply carries the device; a <c>set=1</c>
/// reply carries only its errno.
/// </summary>
internal readonly record struct UapiReply(
    UapiReplyOutcome Outcome,
    long Errno,
    WireGuardDeviceState? Device,
    string? Problem)
{
    public static UapiReply Malformed(string problem) => new(UapiReplyOutcome.Malformed, 0, null, problem);
}
