using OctoMesh.Media.Client;

namespace OctoMesh.LoadGen.Signaling;

/// <summary>
/// OctoMesh's own signalling: the client offers, WHIP (publish) or WHEP (play) answers, and the client connects
/// to the answer. The WHIP answer's participant id is the feed a WHEP client names to play that publisher.
/// </summary>
/// <remarks>
/// With <c>waitForRelayedFeeds</c> (subscribers on another bridge of the mesh) a WHEP 404 is retried until
/// <c>timeout</c>: the publisher appears there once the mesh has announced it.
/// </remarks>
public sealed class WhipWhepSignaling(Uri bridge, TimeSpan timeout, bool waitForRelayedFeeds = false) : ISfuSignaling
{
    private static readonly TimeSpan FeedPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly WhipWhepClient _http = new(bridge, timeout);

    public string Target { get; } = bridge.ToString();

    public Task<SignaledSession> PublishAsync(string room, WebRtcClient client, CancellationToken cancellationToken) =>
        ConnectAsync("WHIP", room, client, offer => _http.PublishAsync(room, offer, cancellationToken), cancellationToken);

    public Task<SignaledSession> SubscribeAsync(string room, string? feed, WebRtcClient client, CancellationToken cancellationToken) =>
        ConnectAsync("WHEP", room, client, offer => PlayAsync(room, feed, offer, cancellationToken), cancellationToken);

    private async Task<SignalingResult> PlayAsync(string room, string? feed, string offer, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await _http.PlayAsync(room, feed, offer, cancellationToken).ConfigureAwait(false);
            if (!result.NotFound || !waitForRelayedFeeds || DateTime.UtcNow >= deadline)
            {
                return result.NotFound && waitForRelayedFeeds
                    ? result with { Error = $"{result.Error} (still, after waiting {timeout.TotalSeconds:0.#} s for the mesh to relay it)" }
                    : result;
            }

            await Task.Delay(FeedPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SignaledSession> ConnectAsync(
        string protocol, string room, WebRtcClient client, Func<string, Task<SignalingResult>> exchange, CancellationToken cancellationToken)
    {
        var result = await exchange(client.CreateOffer()).ConfigureAwait(false);
        if (result.Error is not null)
        {
            throw new LoadRunException(result.Error);
        }

        var location = result.Location!;
        try
        {
            await client.ConnectAsync(result.Answer!, cancellationToken).ConfigureAwait(false);
        }
        catch (WebRtcConnectException error)
        {
            await _http.DeleteAsync(location).ConfigureAwait(false);
            throw new LoadRunException($"{protocol} session in room '{room}' did not connect ({error.Failure}): {error.Message}");
        }
        catch (OperationCanceledException)
        {
            await _http.DeleteAsync(location).ConfigureAwait(false);
            throw;
        }

        return new SignaledSession(result.Participant, () => _http.DeleteAsync(location));
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
