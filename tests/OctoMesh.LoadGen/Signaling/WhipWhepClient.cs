using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OctoMesh.LoadGen.Signaling;

/// <summary>
/// WHIP (RFC 9725) and WHEP signalling over HTTP: POST the offer as <c>application/sdp</c>, expect
/// <c>201 Created</c> with the answer and a Location; DELETE the Location to end the session. Every exchange
/// has a deadline, and failures come back as one line naming the request and the bridge's own words
/// (the <c>detail</c> of its RFC 9457 problem).
/// </summary>
public sealed class WhipWhepClient : IDisposable
{
    private const string SdpContentType = "application/sdp";
    private const string ParticipantHeader = "OctoMesh-Participant";
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;

    public WhipWhepClient(Uri bridge, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
        };
        _http = new HttpClient(handler) { BaseAddress = bridge, Timeout = timeout };
    }

    /// <summary>POST /whip/{room} with a sending offer.</summary>
    public Task<SignalingResult> PublishAsync(string room, string offer, CancellationToken cancellationToken) =>
        PostOfferAsync("WHIP", $"whip/{room}", offer, cancellationToken);

    /// <summary>POST /whep/{room}[/{participant}] with a receiving offer: plays that publisher, or the room's newest.</summary>
    public Task<SignalingResult> PlayAsync(string room, string? participant, string offer, CancellationToken cancellationToken) =>
        PostOfferAsync("WHEP", participant is null ? $"whep/{room}" : $"whep/{room}/{participant}", offer, cancellationToken);

    /// <summary>DELETE the session resource; best effort, a bridge already gone is not an error here.</summary>
    public async Task DeleteAsync(Uri location)
    {
        try
        {
            using var deadline = new CancellationTokenSource(DeleteTimeout);
            using var _ = await _http.DeleteAsync(location, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
        }
    }

    private async Task<SignalingResult> PostOfferAsync(string protocol, string path, string offer, CancellationToken cancellationToken)
    {
        var target = new Uri(_http.BaseAddress!, path);
        try
        {
            using var content = new StringContent(offer, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(SdpContentType);
            using var response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return SignalingResult.Failed(
                    $"{protocol} POST {target} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Describe(response, body)}",
                    notFound: response.StatusCode == HttpStatusCode.NotFound);
            }

            if (response.Headers.Location is not { } location)
            {
                return SignalingResult.Failed($"{protocol} POST {target} answered 201 without a Location header");
            }

            var participant = response.Headers.TryGetValues(ParticipantHeader, out var values) ? values.FirstOrDefault() : null;
            return SignalingResult.Created(body, location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location), participant);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
            return SignalingResult.Failed($"cannot reach the bridge at {_http.BaseAddress}: {reason}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SignalingResult.Failed($"{protocol} POST {target} got no answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
    }

    // RFC 9457: a problem's "detail" says what went wrong for this request; fall back to the raw body.
    private static string Describe(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                if (problem.RootElement.ValueKind == JsonValueKind.Object
                    && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString()!;
                }
            }
            catch (JsonException)
            {
            }
        }

        var oneLine = body.ReplaceLineEndings(" ").Trim();
        return oneLine.Length == 0 ? "(empty body)" : oneLine.Length > 200 ? oneLine[..200] + "..." : oneLine;
    }

    public void Dispose() => _http.Dispose();
}
