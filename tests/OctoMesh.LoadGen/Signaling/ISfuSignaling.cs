using OctoMesh.Media.Client;

namespace OctoMesh.LoadGen.Signaling;

/// <summary>
/// How load clients join one SFU: WHIP/WHEP for OctoMesh (<see cref="WhipWhepSignaling"/>), the VideoRoom
/// plugin's API for Janus. An implementation owns the whole exchange for one <see cref="WebRtcClient"/>, from
/// the first signalling message until media can flow, so the load run does not care who offers.
/// </summary>
public interface ISfuSignaling : IAsyncDisposable
{
    /// <summary>Where the SFU is, for reports and messages.</summary>
    string Target { get; }

    /// <summary>
    /// Adjusts a load client's options before it is made (and may return them changed): as given by default
    /// (a socket on loopback), unless the SFU cannot pair with that (Janus runs in a network namespace, as its
    /// libnice gathers no loopback candidates, so its clients bind the namespace's address with sockets made there).
    /// </summary>
    WebRtcClientOptions PrepareClient(WebRtcClientOptions options) => options;

    /// <summary>
    /// Connects a sending client as a publisher in <paramref name="room"/>. Returns once the client is
    /// connected; throws <see cref="LoadRunException"/> with a one-line reason otherwise.
    /// </summary>
    Task<SignaledSession> PublishAsync(string room, WebRtcClient client, CancellationToken cancellationToken);

    /// <summary>
    /// Connects a receive-only client to the publisher <paramref name="feed"/> (a <see cref="SignaledSession.Feed"/>
    /// from <see cref="PublishAsync"/>), or to the room's newest publisher when null. Returns once connected;
    /// throws <see cref="LoadRunException"/> otherwise.
    /// </summary>
    Task<SignaledSession> SubscribeAsync(string room, string? feed, WebRtcClient client, CancellationToken cancellationToken);
}
