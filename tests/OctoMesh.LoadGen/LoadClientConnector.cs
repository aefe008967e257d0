using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Dtls;

namespace OctoMesh.LoadGen;

/// <summary>
/// Makes load clients and connects them through an <see cref="ISfuSignaling"/>: publishers through one, subscribers
/// through another (the same SFU, or another bridge of the mesh). One self-signed DTLS certificate serves them all.
/// Publishers offer the simulcast layers <paramref name="publisherSimulcastRids"/> when given (lowest first).
/// </summary>
public sealed class LoadClientConnector(ISfuSignaling publishSignaling, ISfuSignaling subscribeSignaling, TimeSpan connectTimeout,
    IReadOnlyList<string>? publisherSimulcastRids = null)
{
    // A stalled load generator (GC, a busy machine) must not drop at its own sockets what the server delivered: the
    // default SO_RCVBUF (about 200 KiB, which 1,200-byte datagrams fill at under 100 packets) overflows within half a
    // second of stall, and the gap would be counted as the server's loss. 2 MiB is seconds of one subscription.
    private const int ClientReceiveBufferBytes = 2 * 1024 * 1024;

    private readonly DtlsCertificate _certificate = DtlsCertificate.CreateSelfSigned();

    /// <summary>
    /// A connected publisher (<paramref name="sends"/>) in <paramref name="room"/>, or a subscriber to <paramref name="feed"/>.
    /// Throws <see cref="LoadRunException"/> when it cannot connect; the client is then already disposed.
    /// <paramref name="made"/> sees the client before it connects, so a receive handler added there misses no packet.
    /// </summary>
    public async Task<(WebRtcClient Client, SignaledSession Session)> ConnectAsync(
        string room, string? feed, bool sends, CancellationToken cancellationToken, Action<WebRtcClient>? made = null)
    {
        var signaling = sends ? publishSignaling : subscribeSignaling;
        var client = WebRtcClient.Create(signaling.PrepareClient(new WebRtcClientOptions
        {
            Sends = sends,
            Certificate = _certificate,
            ConnectTimeout = connectTimeout,
            ReceiveBufferSize = ClientReceiveBufferBytes,
            SimulcastRids = sends ? publisherSimulcastRids ?? [] : [],
        }));
        try
        {
            made?.Invoke(client);
            var session = sends
                ? await signaling.PublishAsync(room, client, cancellationToken).ConfigureAwait(false)
                : await signaling.SubscribeAsync(room, feed, client, cancellationToken).ConfigureAwait(false);
            return (client, session);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new LoadRunException("interrupted while connecting");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
