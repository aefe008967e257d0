namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Names the <c>errno=</c> codes a UAPI implementation answers. wireguard-go (ipc/uapi_unix.go)
/// sends the negated Linux errno: EIO for socket trouble, EPROTO for a malformed request, EINVAL
/// for a value it rejects, EADDRINUSE when the listen port is taken, and 55 (ENOANO) for anything
/// else. The sign differs between implementations, so the magnitude is what is named.
/// </summary>
internal static class UapiErrno
{
    /// <summary>A human explanation of <paramref name="errno"/>, e.g. "EINVAL: the device rejected a key, address or value".</summary>
    public static string Describe(long errno) => Math.Abs(errno) switch
    {
        1 => "EPERM: operation not permitted",
        5 => "EIO: the device could not read or write the request",
        12 => "ENOMEM: the device is out of memory",
        19 => "ENODEV: no such device",
        22 => "EINVAL: the device rejected a key, address or value in the request",
        55 => "ENOANO: the device failed for a reason it did not name",
        71 => "EPROTO: the device did not understand the request",
        98 => "EADDRINUSE: the listen port is already in use",
        _ => "unknown error code",
    };
}
