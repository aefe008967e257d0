namespace OctoMesh.Relay.WireGuard.Os;

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
