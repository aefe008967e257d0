namespace OctoMesh.Media.Client;

/// <summary>
/// <see cref="WebRtcClient.ConnectAsync"/> could not bring up SRTP. <see cref="Failure"/> says which step,
/// the message says why in words a load-test operator can act on.
/// </summary>
public sealed class WebRtcConnectException(ConnectFailure failure, string message) : Exception(message)
{
    /// <summary>The step that failed.</summary>
    public ConnectFailure Failure { get; } = failure;
}
