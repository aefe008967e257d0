using System.Net;
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
    /// The local address load clients bind to: loopback, unless the SFU's ICE agent cannot pair with it (Janus's
    /// libnice gathers no loopback candidates, so its clients use the host address Janus gathers on).
    /// </summary>
    IPAddress ClientAddress => IPAddress.Loopback;

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
