namespace OctoMesh.LoadGen.Signaling;

/// <summary>
/// A connected client's session on the SFU: the publisher's feed id (null for subscribers) and how to leave,
/// which is best effort and never throws (the SFU may already be gone).
/// </summary>
public sealed class SignaledSession(string? feed, Func<Task> leaveAsync)
{
    /// <summary>The publisher's id in the SFU's own terms, to subscribe to it by name.</summary>
    public string? Feed { get; } = feed;

    /// <summary>Ends the session on the SFU (WHIP/WHEP DELETE, VideoRoom leave and detach).</summary>
    public Task LeaveAsync() => leaveAsync();
}
