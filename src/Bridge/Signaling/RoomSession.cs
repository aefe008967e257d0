using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// One client on the room WebSocket: joins, publishes through one PeerConnection and receives
/// everyone else through another that the server renegotiates as people come and go
/// (docs/protocol.md). Outgoing messages go through a queue with a single writer, because
/// conference events arrive on any thread.
/// </summary>
public sealed partial class RoomSession : IAsyncDisposable
{
    private const int MaxMessageBytes = 256 * 1024;
    private const int OutgoingQueueLength = 256;
    private static readonly TimeSpan CloseHandshakeGrace = TimeSpan.FromSeconds(5);

    private readonly string _room;
    private readonly WebSocket _socket;
    private readonly SessionNegotiator _negotiator;
    private readonly ConferenceRegistry _conferences;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<object> _outgoing = Channel.CreateBounded<object>(new BoundedChannelOptions(OutgoingQueueLength)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _lock = new();
    private ConferenceEndpoint? _endpoint;
    private SubscribeNegotiation? _subscription;
    private (WebSocketCloseStatus Status, string Reason) _goodbye = (WebSocketCloseStatus.NormalClosure, "bye");

    public RoomSession(string room, WebSocket socket, SessionNegotiator negotiator, ConferenceRegistry conferences, TimeProvider time, ILogger logger)
    {
        _time = time;
        _room = room;
        _socket = socket;
        _negotiator = negotiator;
        _conferences = conferences;
        _logger = logger;
    }

    /// <summary>
    /// Serves the client until it leaves, its connection drops (<paramref name="requestAborted"/>) or the bridge stops
    /// (<paramref name="bridgeStopping"/>). A stopping bridge starts the closing handshake with 1001 "going away"
    /// (RFC 6455 §7.4.1) after the messages already queued, so the host's graceful shutdown does not wait for pages
    /// to hang up and a page can tell a stop from an error; a client that does not answer within
    /// <see cref="CloseHandshakeGrace"/> is cut off.
    /// </summary>
    public async Task RunAsync(CancellationToken requestAborted, CancellationToken bridgeStopping)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var writer = WriteLoopAsync(requestAborted);
        var reports = ReportLoopAsync(reading.Token);
        using var stopping = bridgeStopping.Register(() =>
        {
            // Cancelling a receive aborts the socket, so the read loop is left to see the client's close frame.
            _goodbye = (WebSocketCloseStatus.EndpointUnavailable, "the bridge is stopping");
            _outgoing.Writer.TryComplete();
            reading.CancelAfter(CloseHandshakeGrace);
        });
        try
        {
            await ReadLoopAsync(reading.Token).ConfigureAwait(false);
        }
        finally
        {
            Leave("left");
            _outgoing.Writer.TryComplete();
            await reading.CancelAsync().ConfigureAwait(false);
            await reports.ConfigureAwait(false);
            await writer.ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        while (_socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxMessageBytes} bytes", cancellationToken).ConfigureAwait(false);
                    return;
                }

                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType != WebSocketMessageType.Text)
            {
                Send(new { type = "error", code = "bad-request", message = "Messages are JSON text." });
                continue;
            }

            RoomClientMessage? message;
            try
            {
                message = JsonSerializer.Deserialize<RoomClientMessage>(buffer.AsSpan(0, length), RoomJson.Options);
            }
            catch (JsonException ex)
            {
                Send(new { type = "error", code = "bad-json", message = ex.Message });
                continue;
            }

            if (message?.Type is null)
            {
                Send(new { type = "error", code = "bad-request", message = "Every message needs a 'type'." });
                continue;
            }

            if (!Handle(message))
            {
                return;
            }
        }
    }

    /// <summary>Handle one message; false ends the session.</summary>
    private bool Handle(RoomClientMessage message)
    {
        switch (message.Type)
        {
            case "join":
                Join(message.Name);
                return true;
            case "publish":
                Publish(message.Sdp);
                return true;
            case "answer":
                ApplyAnswer(message.Sdp);
                return true;
            case "mute":
                Mute(message.Kind, message.Muted);
                return true;
            case "videoConstraints":
                SetVideoConstraints(message.Tracks);
                return true;
            case "leave":
                return false;
            default:
                Send(new { type = "error", code = "bad-request", message = $"Unknown message type '{message.Type}'." });
                return true;
        }
    }

    private void Join(string? name)
    {
        if (_endpoint is not null)
        {
            Send(new { type = "error", code = "bad-request", message = "Already joined." });
            return;
        }

        name = string.IsNullOrWhiteSpace(name) ? "guest" : name.Trim();
        if (name.Length > 64)
        {
            name = name[..64];
        }

        var endpoint = _negotiator.CreateParticipant(_room, name, conference =>
        {
            conference.Changed += OnConferenceChanged;
            conference.SpeakersChanged += OnSpeakersChanged;
        });
        _endpoint = endpoint;
        var others = endpoint.Conference.Endpoints
            .Where(e => e != endpoint && e.Role != EndpointRole.WhepViewer)
            .Select(ToInfo)
            .ToArray();
        Send(new { type = "joined", participantId = endpoint.Id, room = _room, participants = others });
        if (endpoint.Conference.Speakers.Recent is { Count: > 0 } speakers)
        {
            OnSpeakersChanged(speakers);
        }
        lock (_lock)
        {
            _subscription = _negotiator.CreateSubscription(endpoint);
        }

        Renegotiate();
    }

    private void Publish(string? sdp)
    {
        if (_endpoint is null || sdp is null)
        {
            Send(new { type = "error", code = "bad-request", message = "Join first, and send the offer in 'sdp'." });
            return;
        }

        var result = _negotiator.PublishFrom(_endpoint, sdp);
        if (result.Problem is not null)
        {
            Send(new { type = "error", code = "bad-sdp", message = result.ProblemDetail ?? "The offer was not acceptable." });
            return;
        }

        Send(new { type = "publishAnswer", sdp = result.AnswerSdp });
    }

    private void ApplyAnswer(string? sdp)
    {
        SubscribeNegotiation? subscription;
        lock (_lock)
        {
            subscription = _subscription;
        }

        if (subscription is null || sdp is null)
        {
            Send(new { type = "error", code = "bad-request", message = "No offer is waiting for an answer." });
            return;
        }

        var error = subscription.ApplyAnswer(sdp);
        if (error is not null)
        {
            Send(new { type = "error", code = "bad-sdp", message = error });
        }

        Renegotiate();
    }

    private void Mute(string? kind, bool? muted)
    {
        if (_endpoint is null || muted is null || kind is not ("audio" or "video"))
        {
            Send(new { type = "error", code = "bad-request", message = "mute needs kind 'audio' or 'video' and muted true/false." });
            return;
        }

        _endpoint.Conference.SetMuted(_endpoint, kind == "audio" ? TrackKind.Audio : TrackKind.Video, muted.Value);
    }

    private void OnConferenceChanged(ConferenceEvent change)
    {
        var self = _endpoint;
        if (self is null || ReferenceEquals(change.Endpoint, self))
        {
            return;
        }

        if (change.Endpoint.Role == EndpointRole.WhepViewer)
        {
            return;
        }

        switch (change)
        {
            case EndpointJoined joined:
                Send(new { type = "participantJoined", participant = ToInfo(joined.Endpoint) });
                break;
            case EndpointLeft left:
                Send(new { type = "participantLeft", participantId = left.Endpoint.Id });
                Renegotiate();
                break;
            case SourcesChanged:
                Renegotiate();
                break;
            case MuteChanged mute:
                Send(new { type = "muteChanged", participantId = mute.Endpoint.Id, kind = mute.Kind == TrackKind.Audio ? "audio" : "video", muted = mute.Muted });
                break;
        }
    }

    /// <summary>The room's dominant speaker (this participant too: the page shows whom the room hears) and the ones before.</summary>
    private void OnSpeakersChanged(IReadOnlyList<string> recent) =>
        Send(new { type = "dominantSpeaker", participantId = recent.Count > 0 ? recent[0] : null, recent });

    /// <summary>Send the next subscribe offer if the room changed and no offer is outstanding.</summary>
    private void Renegotiate()
    {
        SubscribeNegotiation? subscription;
        lock (_lock)
        {
            subscription = _subscription;
        }

        var offer = subscription?.CreateOfferIfNeeded();
        if (offer is not null)
        {
            Send(new { type = "offer", sdp = offer.Value.Sdp, revision = offer.Value.Revision });
        }
    }

    private static ParticipantInfo ToInfo(ConferenceEndpoint endpoint) => new(endpoint.Id, endpoint.Name, endpoint.AudioMuted, endpoint.VideoMuted);

    private void Send(object message)
    {
        if (!_outgoing.Writer.TryWrite(message) && !_outgoing.Reader.Completion.IsCompleted)
        {
            // A client that stops reading for 256 messages is gone in all but name.
            Log.OutgoingQueueFull(_logger, _room);
            _outgoing.Writer.TryComplete();
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(message, RoomJson.Options);
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            if (_socket.State == WebSocketState.Open)
            {
                await CloseAsync(_goodbye.Status, _goodbye.Reason, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away; the read loop ends the session.
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    private void Leave(string reason)
    {
        var endpoint = Interlocked.Exchange(ref _endpoint, null);
        if (endpoint is not null)
        {
            endpoint.Conference.Changed -= OnConferenceChanged;
            endpoint.Conference.SpeakersChanged -= OnSpeakersChanged;
            _conferences.Leave(endpoint, reason);
        }
    }

    public ValueTask DisposeAsync()
    {
        Leave("disconnected");
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "Room {Room}: a client stopped reading its messages; closing it")]
        public static partial void OutgoingQueueFull(ILogger logger, string room);
    }
}
