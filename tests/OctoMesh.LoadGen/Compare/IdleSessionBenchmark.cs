using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Dtls;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// The memory scenario: start a server, connect one warm-up publisher and take the server's resident memory,
/// connect <c>N</c> more publishers that never send media, let them sit idle for the run's duration (keeping
/// ICE consent, as browsers do) and take it again. What each idle participant session costs is the difference
/// over N, from <c>/proc</c>, never from the server's own account.
/// </summary>
public static class IdleSessionBenchmark
{
    private const int ConnectConcurrency = 8;

    public static async Task<IdleMeasurement> RunAsync(string serverName, CompareOptions options, int sessions, CancellationToken cancellationToken)
    {
        await using var server = await SfuServers.StartAsync(serverName, options, cancellationToken).ConfigureAwait(false);
        await using var signaling = server.CreateSignaling(options.ConnectTimeout);
        var certificate = DtlsCertificate.CreateSelfSigned();
        var connected = new List<(WebRtcClient Client, SignaledSession Session)>();
        try
        {
            connected.Add(await ConnectAsync(signaling, certificate, options, 0, cancellationToken).ConfigureAwait(false));
            var baseline = Sample(server);
            using var gate = new SemaphoreSlim(ConnectConcurrency);
            var tasks = Enumerable.Range(1, sessions).Select(async index =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var client = await ConnectAsync(signaling, certificate, options, index, cancellationToken).ConfigureAwait(false);
                    lock (connected)
                    {
                        connected.Add(client);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);

            // CPU is taken over the second half only: the first holds the handshakes' aftermath (their threads
            // ending, their garbage collected), which is connecting, not idling.
            var half = options.Duration / 2;
            await Task.Delay(half, cancellationToken).ConfigureAwait(false);
            var idleFrom = Sample(server);
            await Task.Delay(half, cancellationToken).ConfigureAwait(false);
            var idleTo = Sample(server);
            return new IdleMeasurement
            {
                IdleSessions = sessions,
                IdleSeconds = Math.Round(options.Duration.TotalSeconds, 3),
                RssBaselineMiB = Math.Round(baseline.ResidentMiB, 1),
                RssMiB = Math.Round(idleTo.ResidentMiB, 1),
                RssPerIdleSessionKiB = Math.Round((idleTo.ResidentBytes - baseline.ResidentBytes) / 1024.0 / sessions, 1),
                Threads = ProcessAccounting.ReadThreads(server.ProcessId),
                CpuMicrosecondsPerSessionSecond = Math.Round(
                    (idleTo.CpuSeconds - idleFrom.CpuSeconds) * 1e6 / sessions / half.TotalSeconds, 2),
            };
        }
        finally
        {
            foreach (var (client, session) in connected)
            {
                client.Dispose();
                await session.LeaveAsync().ConfigureAwait(false);
            }
        }
    }

    private static ProcessUsage Sample(ISfuServer server) =>
        ProcessAccounting.Read(server.ProcessId)
        ?? throw new LoadRunException($"{server.Name} (pid {server.ProcessId}) exited while idle sessions were connected");

    private static async Task<(WebRtcClient, SignaledSession)> ConnectAsync(
        ISfuSignaling signaling, DtlsCertificate certificate, CompareOptions options, int index, CancellationToken cancellationToken)
    {
        var client = WebRtcClient.Create(signaling.PrepareClient(new WebRtcClientOptions
        {
            Sends = true,
            Certificate = certificate,
            ConnectTimeout = options.ConnectTimeout,
        }));
        try
        {
            return (client, await signaling.PublishAsync($"{CompareOptions.RoomName}-idle-{index}", client, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
