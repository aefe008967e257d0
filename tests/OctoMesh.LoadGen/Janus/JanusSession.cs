using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OctoMesh.LoadGen.Janus;

/// <summary>
/// One Janus API session over the plain HTTP transport (https://janus.conf.meetecho.com/docs/rest.html): requests
/// are POSTed to <c>/janus/{session}[/{handle}]</c>; a plugin answers a message either at once (<c>success</c>, for
/// synchronous requests) or with an <c>ack</c> and later an <c>event</c> with the same transaction, which the
/// session's one long poll (<c>GET /janus/{session}</c>, which also keeps the session alive) delivers.
/// </summary>
internal sealed class JanusSession : IAsyncDisposable
{
    private const int EventsPerPoll = 20;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<long, string> _hangups = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _webRtcUp = new();
    private readonly CancellationTokenSource _stopped = new();
    private Task _poller = Task.CompletedTask;
    private long _transactions;

    private JanusSession(HttpClient http, Uri api, TimeSpan timeout, long id)
    {
        _http = http;
        _api = api;
        _timeout = timeout;
        Id = id;
    }

    /// <summary>The session id Janus assigned.</summary>
    public long Id { get; }

    /// <summary>Creates a session (<c>{"janus":"create"}</c>) and starts its long poll.</summary>
    public static async Task<JanusSession> CreateAsync(HttpClient http, Uri api, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(http, api, api.ToString(), Request("create", "create"), timeout, "create a session", cancellationToken).ConfigureAwait(false);
        var session = new JanusSession(http, api, timeout, reply["data"]!["id"]!.GetValue<long>());
        session._poller = session.PollAsync();
        return session;
    }

    /// <summary>Attaches a handle to <paramref name="plugin"/> and returns its id.</summary>
    public async Task<long> AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var request = Request("attach", NextTransaction());
        request["plugin"] = plugin;
        var reply = await PostAsync(_http, _api, SessionPath(), request, _timeout, $"attach {plugin}", cancellationToken).ConfigureAwait(false);
        return reply["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>
    /// Sends a plugin message (with <paramref name="jsep"/> when given) and returns the plugin's reply: the
    /// synchronous answer, or the event that follows the ack. Janus errors and plugin <c>error_code</c>s throw
    /// <see cref="LoadRunException"/> with Janus's own reason.
    /// </summary>
    public async Task<JanusReply> MessageAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var what = "VideoRoom " + (body["request"]?.GetValue<string>() ?? "message");
        var transaction = NextTransaction();
        var request = Request("message", transaction);
        request["body"] = body;
        if (jsep is not null)
        {
            request["jsep"] = jsep;
        }

        // Registered before sending: the event may come through the poll before the POST's ack does.
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = pending;
        try
        {
            var reply = await PostAsync(_http, _api, HandlePath(handle), request, _timeout, what, cancellationToken).ConfigureAwait(false);
            if (reply["janus"]?.GetValue<string>() != "ack")
            {
                return ReadPluginReply(reply, what);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopped.Token);
            deadline.CancelAfter(_timeout);
            try
            {
                return ReadPluginReply(await pending.Task.WaitAsync(deadline.Token).ConfigureAwait(false), what);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LoadRunException($"Janus {what} was acknowledged but no event followed within {_timeout.TotalSeconds:0.#} s{HangupNote(handle)}");
            }
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    /// <summary>Tells Janus we have no more candidates (they were all in our SDP).</summary>
    public async Task TrickleCompletedAsync(long handle, CancellationToken cancellationToken)
    {
        var request = Request("trickle", NextTransaction());
        request["candidate"] = new JsonObject { ["completed"] = true };
        await PostAsync(_http, _api, HandlePath(handle), request, _timeout, "trickle", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for Janus's <c>webrtcup</c> event for <paramref name="handle"/>: Janus's own ICE and DTLS are done and the
    /// plugin has set up the media (a VideoRoom publisher's feed is subscribable only from then on; before, a
    /// subscriber's <c>join</c> fails with 428 "No such feed"). Our side of the handshake can finish first.
    /// </summary>
    public async Task WaitForWebRtcUpAsync(long handle, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopped.Token);
        deadline.CancelAfter(_timeout);
        try
        {
            await WebRtcUp(handle).Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadRunException($"Janus sent no webrtcup for handle {handle} within {_timeout.TotalSeconds:0.#} s of our connecting{HangupNote(handle)}");
        }
    }

    /// <summary>Why Janus hung up <paramref name="handle"/>'s PeerConnection, if it did (for failure messages).</summary>
    public string HangupNote(long handle) => _hangups.TryGetValue(handle, out var reason) ? $" (Janus hung up: {reason})" : string.Empty;

    /// <summary>Detaches a handle; best effort.</summary>
    public async Task DetachAsync(long handle)
    {
        _webRtcUp.TryRemove(handle, out _);
        try
        {
            using var deadline = new CancellationTokenSource(CleanupTimeout);
            await PostAsync(_http, _api, HandlePath(handle), Request("detach", NextTransaction()), CleanupTimeout, "detach", deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LoadRunException or OperationCanceledException)
        {
        }
    }

    /// <summary>Destroys the session (best effort) and stops the poll.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(CleanupTimeout);
            await PostAsync(_http, _api, SessionPath(), Request("destroy", NextTransaction()), CleanupTimeout, "destroy", deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LoadRunException or OperationCanceledException)
        {
        }

        await _stopped.CancelAsync().ConfigureAwait(false);
        await _poller.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopped.Dispose();
    }

    private async Task PollAsync()
    {
        var uri = new Uri($"{SessionPath()}?maxev={EventsPerPoll}");
        while (!_stopped.IsCancellationRequested)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopped.Token);
                deadline.CancelAfter(PollTimeout);
                var body = await _http.GetStringAsync(uri, deadline.Token).ConfigureAwait(false);
                switch (JsonNode.Parse(body))
                {
                    case JsonArray events:
                        foreach (var item in events)
                        {
                            Dispatch(item as JsonObject);
                        }

                        break;
                    case JsonObject single:
                        Dispatch(single);
                        break;
                }
            }
            catch (Exception) when (_stopped.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException)
            {
                // Janus gone or a poll timed out: waiting requests hit their own deadlines; keep polling until stopped.
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), _stopped.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Dispatch(JsonObject? message)
    {
        if (message is null)
        {
            return;
        }

        var kind = message["janus"]?.GetValue<string>();
        if (kind == "hangup" && message["sender"] is { } sender)
        {
            _hangups[sender.GetValue<long>()] = message["reason"]?.GetValue<string>() ?? "no reason given";
        }

        if (kind == "webrtcup" && message["sender"] is { } connected)
        {
            WebRtcUp(connected.GetValue<long>()).TrySetResult();
        }

        if (kind is "event" or "error"
            && message["transaction"]?.GetValue<string>() is { } transaction
            && _pending.TryGetValue(transaction, out var pending))
        {
            pending.TrySetResult(message);
        }
    }

    private TaskCompletionSource WebRtcUp(long handle) =>
        _webRtcUp.GetOrAdd(handle, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static JanusReply ReadPluginReply(JsonObject reply, string what)
    {
        ThrowIfJanusError(reply, what);
        if (reply["plugindata"]?["data"] is not JsonObject data)
        {
            throw new LoadRunException($"Janus {what} answered without plugin data: {Shorten(reply.ToJsonString())}");
        }

        if (data["error_code"] is { } code)
        {
            throw new LoadRunException($"Janus {what} failed: {data["error"]?.GetValue<string>() ?? "no reason given"} (error_code {code})");
        }

        return new JanusReply(data, reply["jsep"] as JsonObject);
    }

    private static void ThrowIfJanusError(JsonObject reply, string what)
    {
        if (reply["janus"]?.GetValue<string>() == "error")
        {
            var error = reply["error"];
            throw new LoadRunException($"Janus {what} failed: {error?["reason"]?.GetValue<string>() ?? "no reason given"} (code {error?["code"]})");
        }
    }

    private static async Task<JsonObject> PostAsync(
        HttpClient http, Uri api, string path, JsonObject request, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(path, content, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new LoadRunException($"Janus {what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}");
            }

            if (JsonNode.Parse(body) is not JsonObject reply)
            {
                throw new LoadRunException($"Janus {what} answered with something that is not a JSON object: {Shorten(body)}");
            }

            ThrowIfJanusError(reply, what);
            return reply;
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
            throw new LoadRunException($"cannot reach Janus at {api}: {reason}");
        }
        catch (JsonException)
        {
            throw new LoadRunException($"Janus {what} answered with invalid JSON");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadRunException($"Janus {what} got no answer from {api} within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static JsonObject Request(string janus, string transaction) => new() { ["janus"] = janus, ["transaction"] = transaction };

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length > 300 ? oneLine[..300] + "..." : oneLine;
    }

    private string NextTransaction() => "t" + Interlocked.Increment(ref _transactions);

    private string SessionPath() => $"{_api}/{Id}";

    private string HandlePath(long handle) => $"{_api}/{Id}/{handle}";
}
