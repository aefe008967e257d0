namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// A UAPI operation failed: the device answered <c>errno=</c> with a non-zero code, the reply
/// did not follow the protocol, or the socket could not be reached.
/// </summary>
public sealed class WireGuardUapiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireGuardUapiException(string message, string socketPath, long? errno = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SocketPath = socketPath;
        Errno = errno;
    }

    /// <summary>The UAPI socket the operation went to.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// The code the device answered, as it sent it (wireguard-go sends negated errno values,
    /// e.g. -22 for EINVAL); null when the failure was not an errno reply.
    /// </summary>
    public long? Errno { get; }
}
