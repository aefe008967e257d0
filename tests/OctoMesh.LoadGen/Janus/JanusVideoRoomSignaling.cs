using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OctoMesh.LoadGen.Namespaces;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;

namespace OctoMesh.LoadGen.Janus;

/// <summary>
/// Load clients in Janus's VideoRoom (https://janus.conf.meetecho.com/docs/videoroom.html) over the HTTP API:
/// one Janus session for all clients of this instance (one long poll), one plugin handle per PeerConnection.
/// A publisher offers (<c>joinandconfigure</c>), connects to Janus's answer and waits for Janus's <c>webrtcup</c>;
/// its feed is the publisher id Janus assigned. A subscriber <c>join</c>s as <c>ptype: subscriber</c>, answers Janus's offer as an ICE-lite, recvonly
/// peer, <c>start</c>s with that answer and connects. Rooms are created on first use (string ids, see
/// <see cref="JanusConfig"/>). Every Janus or plugin error becomes a <see cref="LoadRunException"/> with Janus's reason.
/// </summary>
public sealed class JanusVideoRoomSignaling : ISfuSignaling
{
    /// <summary>The plugin's package name, as attached.</summary>
    public const string VideoRoomPlugin = "janus.plugin.videoroom";

    // Enough for any load run; Janus refuses publishers beyond the room's limit.
    private const int MaxPublishers = 1000;

    // Janus caps publishers by REMB at the room's bitrate; well above the load's 1.5 Mbit/s video.
    private const int RoomBitrate = 10_000_000;

    private readonly HttpClient _http;
    private readonly NetworkNamespace _network;
    private readonly Uri _api;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly ConcurrentDictionary<string, Task> _rooms = new();
    private readonly ConcurrentDictionary<string, string> _newestFeed = new();
    private JanusSession? _session;
    private long _adminHandle;

    /// <param name="api">Janus's API root inside <paramref name="network"/>, e.g. <c>http://127.0.0.1:8088/janus</c>.</param>
    /// <param name="timeout">Deadline of each request and of each awaited plugin event.</param>
    /// <param name="network">
    /// The network namespace Janus runs in (<see cref="JanusServer"/>): the API is reached and load clients bind
    /// there, on its address, the one Janus's libnice gathers (it never pairs with loopback).
    /// </param>
    public JanusVideoRoomSignaling(Uri api, TimeSpan timeout, NetworkNamespace network)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _api = new Uri(api.ToString().TrimEnd('/'));
        _timeout = timeout;
        var handler = network.CreateHttpHandler();
        handler.ConnectTimeout = timeout;
        handler.MaxConnectionsPerServer = 64;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        _http = new HttpClient(handler)
        {
            // Each request has its own deadline; the long poll waits up to Janus's 30 s.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Target => _api.ToString();

    /// <summary>Binds the client to the namespace's address with a socket made inside the namespace (changes and returns <paramref name="options"/>).</summary>
    public WebRtcClientOptions PrepareClient(WebRtcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BindEndPoint = new IPEndPoint(_network.Address, 0);
        options.CreateSocket = family => _network.CreateSocket(family, SocketType.Dgram, ProtocolType.Udp);
        return options;
    }

    public async Task<SignaledSession> PublishAsync(string room, WebRtcClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureRoomAsync(room, cancellationToken).ConfigureAwait(false);
        var handle = await session.AttachAsync(VideoRoomPlugin, cancellationToken).ConfigureAwait(false);
        try
        {
            var offer = new JsonObject { ["type"] = "offer", ["sdp"] = client.CreateOffer() };
            var joined = await session.MessageAsync(handle, new JsonObject
            {
                ["request"] = "joinandconfigure",
                ["ptype"] = "publisher",
                ["room"] = room,
                ["display"] = "octomesh-loadgen",
                ["audio"] = true,
                ["video"] = true,
            }, offer, cancellationToken).ConfigureAwait(false);
            var feed = joined.Data["id"]?.ToString()
                ?? throw new LoadRunException($"Janus VideoRoom joinandconfigure in room '{room}' returned no publisher id");
            var answer = joined.Sdp
                ?? throw new LoadRunException($"Janus VideoRoom joinandconfigure in room '{room}' returned no SDP answer");
            await session.TrickleCompletedAsync(handle, cancellationToken).ConfigureAwait(false);
            await ConnectAsync(session, handle, room, () => client.ConnectAsync(answer, cancellationToken)).ConfigureAwait(false);
            await session.WaitForWebRtcUpAsync(handle, cancellationToken).ConfigureAwait(false);
            _newestFeed[room] = feed;
            return new SignaledSession(feed, () => LeaveAsync(session, handle));
        }
        catch
        {
            await LeaveAsync(session, handle).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<SignaledSession> SubscribeAsync(string room, string? feed, WebRtcClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        feed ??= await NewestFeedAsync(room, cancellationToken).ConfigureAwait(false);
        var handle = await session.AttachAsync(VideoRoomPlugin, cancellationToken).ConfigureAwait(false);
        try
        {
            var attached = await session.MessageAsync(handle, new JsonObject
            {
                ["request"] = "join",
                ["ptype"] = "subscriber",
                ["room"] = room,
                ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed }),
            }, jsep: null, cancellationToken).ConfigureAwait(false);
            var offer = attached.Sdp
                ?? throw new LoadRunException($"Janus VideoRoom subscription to feed '{feed}' in room '{room}' returned no SDP offer");

            string answer;
            try
            {
                answer = client.CreateAnswer(offer);
            }
            catch (WebRtcConnectException error)
            {
                throw new LoadRunException($"Janus's offer for feed '{feed}' in room '{room}' cannot be answered: {error.Message}");
            }

            await session.MessageAsync(handle, new JsonObject { ["request"] = "start" },
                new JsonObject { ["type"] = "answer", ["sdp"] = answer }, cancellationToken).ConfigureAwait(false);
            await session.TrickleCompletedAsync(handle, cancellationToken).ConfigureAwait(false);
            await ConnectAsync(session, handle, room, () => client.ConnectAnsweringAsync(cancellationToken)).ConfigureAwait(false);
            return new SignaledSession(null, () => LeaveAsync(session, handle));
        }
        catch
        {
            await LeaveAsync(session, handle).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The publisher ids in <paramref name="room"/> (VideoRoom <c>listparticipants</c>; subscribers are not
    /// participants). Throws <see cref="LoadRunException"/> when the room does not exist.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListParticipantsAsync(string room, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var reply = await session.MessageAsync(_adminHandle, new JsonObject { ["request"] = "listparticipants", ["room"] = room },
            jsep: null, cancellationToken).ConfigureAwait(false);
        return reply.Data["participants"] is JsonArray participants
            ? [.. participants.Select(p => p?["id"]?.ToString()).OfType<string>()]
            : [];
    }

    private static async Task ConnectAsync(JanusSession session, long handle, string room, Func<Task> connect)
    {
        try
        {
            await connect().ConfigureAwait(false);
        }
        catch (WebRtcConnectException error)
        {
            throw new LoadRunException($"Janus session in room '{room}' did not connect ({error.Failure}): {error.Message}{session.HangupNote(handle)}");
        }
    }

    private async Task<string> NewestFeedAsync(string room, CancellationToken cancellationToken)
    {
        if (_newestFeed.TryGetValue(room, out var feed))
        {
            return feed;
        }

        var participants = await ListParticipantsAsync(room, cancellationToken).ConfigureAwait(false);
        return participants.Count > 0
            ? participants[^1]
            : throw new LoadRunException($"Janus VideoRoom room '{room}' has no publisher to subscribe to");
    }

    private Task EnsureRoomAsync(string room, CancellationToken cancellationToken) =>
        _rooms.GetOrAdd(room, name => CreateRoomAsync(name, cancellationToken));

    private async Task CreateRoomAsync(string room, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await session.MessageAsync(_adminHandle, new JsonObject { ["request"] = "exists", ["room"] = room },
            jsep: null, cancellationToken).ConfigureAwait(false);
        if (exists.Data["exists"]?.GetValue<bool>() == true)
        {
            return;
        }

        await session.MessageAsync(_adminHandle, new JsonObject
        {
            ["request"] = "create",
            ["room"] = room,
            ["description"] = "OctoMesh load generator",
            ["publishers"] = MaxPublishers,
            ["bitrate"] = RoomBitrate,
            ["bitrate_cap"] = false,
            ["fir_freq"] = 0,
            ["audiocodec"] = "opus",
            ["videocodec"] = "vp8",
            ["notify_joining"] = false,
            ["permanent"] = false,
        }, jsep: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JanusSession> SessionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _session) is { } session)
        {
            return session;
        }

        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is null)
            {
                var created = await JanusSession.CreateAsync(_http, _api, _timeout, cancellationToken).ConfigureAwait(false);
                _adminHandle = await created.AttachAsync(VideoRoomPlugin, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _session, created);
            }

            return _session;
        }
        finally
        {
            _setup.Release();
        }
    }

    // Best effort: leave the room (publisher unpublishes, subscriber stops), then detach, which hangs up the PeerConnection.
    private async Task LeaveAsync(JanusSession session, long handle)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_timeout);
            await session.MessageAsync(handle, new JsonObject { ["request"] = "leave" }, jsep: null, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LoadRunException or OperationCanceledException)
        {
        }

        await session.DetachAsync(handle).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _setup.Dispose();
    }
}
