using System.Diagnostics;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;

namespace OctoMesh.LoadGen;

/// <summary>
/// One load run: connects the publishers and subscribers room by room through an <see cref="ISfuSignaling"/>
/// (WHIP/WHEP for OctoMesh, VideoRoom for Janus), measures for the chosen duration, disconnects everyone and
/// sums the clients' own measurements into a <see cref="LoadReport"/>.
/// </summary>
/// <remarks>
/// Subscribers are spread evenly over the room's publishers; each publisher's share subscribes to it by its
/// feed id right after it connects. Any failure to connect ends the run with a <see cref="LoadRunException"/>
/// after every client made so far is disconnected.
/// </remarks>
public sealed class LoadRun : IAsyncDisposable
{
    // Connecting is CPU-bound (DTLS); a few handshakes at a time keep the machine responsive.
    private const int ConnectConcurrency = 8;

    // In-flight packets still arrive after the publishers stop; they are counted, not called lost.
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(250);

    private readonly LoadOptions _options;
    private readonly ISfuSignaling _signaling;
    private readonly ISfuSignaling _subscriberSignaling;
    private readonly LoadClientConnector _connector;
    private readonly IReadOnlyList<SimulcastLayer> _simulcastLayers;
    private readonly List<LoadPublisher> _publishers = [];
    private readonly List<LoadSubscriber> _subscribers = [];
    private readonly PublisherPacer _pacer = new();
    private readonly Lock _lock = new();

    /// <summary>
    /// A run against <paramref name="signaling"/>; subscribers use <paramref name="subscriberSignaling"/> when given
    /// (another bridge of the mesh). The run disposes neither.
    /// </summary>
    public LoadRun(LoadOptions options, ISfuSignaling signaling, ISfuSignaling? subscriberSignaling = null)
    {
        _options = options;
        _signaling = signaling;
        _subscriberSignaling = subscriberSignaling ?? signaling;
        _simulcastLayers = options.Simulcast ? SimulcastLayer.ThreeLayers : [];
        _connector = new LoadClientConnector(_signaling, _subscriberSignaling, options.ConnectTimeout,
            [.. _simulcastLayers.Select(layer => layer.Rid)]);
    }

    /// <summary>
    /// Raised once every client is connected, just before the measurement window opens; <c>compare</c> samples
    /// the server's CPU time here so connection set-up (DTLS handshakes) is not counted.
    /// </summary>
    public event Action? MeasurementStarted;

    /// <summary>Raised when the window closes, after the drain, as the subscribers stop counting.</summary>
    public event Action? MeasurementEnded;

    /// <summary>Runs the load; throws <see cref="LoadRunException"/> when a client cannot connect.</summary>
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var connectStarted = Stopwatch.GetTimestamp();
        for (var room = 0; room < _options.Rooms; room++)
        {
            await ConnectRoomAsync(room, cancellationToken).ConfigureAwait(false);
        }

        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        if (_options.Warmup > TimeSpan.Zero)
        {
            // Media flows but is not measured: a .NET server's tiered JIT recompiles its hot path in the first
            // seconds, which is start-up cost, not the cost of forwarding.
            await Task.Delay(_options.Warmup, cancellationToken).ConfigureAwait(false);
        }

        var sentBefore = SentSoFar();
        foreach (var subscriber in _subscribers)
        {
            subscriber.Measuring = true;
        }

        MeasurementStarted?.Invoke();
        var measureStarted = Stopwatch.GetTimestamp();
        try
        {
            await Task.Delay(_options.Duration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: report what was measured so far.
        }

        await _pacer.StopAsync().ConfigureAwait(false);
        var window = Stopwatch.GetElapsedTime(measureStarted).TotalSeconds;
        var sentAfter = SentSoFar();
        await Task.Delay(Drain, CancellationToken.None).ConfigureAwait(false);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Measuring = false;
        }

        MeasurementEnded?.Invoke();
        return BuildReport(window, connectSeconds, sentAfter.Packets - sentBefore.Packets, sentAfter.Bytes - sentBefore.Bytes);
    }

    private async Task ConnectRoomAsync(int room, CancellationToken cancellationToken)
    {
        var name = _options.RoomName(room);
        var publishers = Share(_options.Publishers, _options.Rooms, room);
        var subscribers = Share(_options.Subscribers, _options.Rooms, room);
        if (publishers == 0)
        {
            // Subscribe-only: the room is published by someone else.
            await ConnectSubscribersAsync(name, feed: null, subscribers, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var p = 0; p < publishers; p++)
        {
            var (client, session) = await _connector.ConnectAsync(name, feed: null, sends: true, cancellationToken).ConfigureAwait(false);
            var publisher = new LoadPublisher(client, session, name, _options.VideoKbps, _simulcastLayers);
            lock (_lock)
            {
                _publishers.Add(publisher);
            }

            _pacer.Add(publisher);
            await ConnectSubscribersAsync(name, session.Feed, Share(subscribers, publishers, p), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConnectSubscribersAsync(string room, string? feed, int count, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        var tasks = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                var (client, session) = await _connector.ConnectAsync(room, feed, sends: false, failed.Token).ConfigureAwait(false);
                lock (_lock)
                {
                    _subscribers.Add(new LoadSubscriber(client, session, room));
                }
            }
            catch
            {
                // The first failure stops the others from starting.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Select(t => t.Exception?.InnerException).OfType<LoadRunException>().FirstOrDefault() is { } first)
        {
            throw first;
        }
    }

    private (long Packets, long Bytes) SentSoFar()
    {
        long packets = 0, bytes = 0;
        foreach (var publisher in _publishers)
        {
            packets += publisher.Client.Counters.RtpPacketsSent;
            bytes += publisher.Client.Counters.BytesSent;
        }

        return (packets, bytes);
    }

    private LoadReport BuildReport(double window, double connectSeconds, long packetsSent, long bytesSent)
    {
        var totals = new ReceiveTotals();
        foreach (var subscriber in _subscribers)
        {
            subscriber.AddTo(totals);
        }

        const double Million = 1_000_000;
        const double NanosecondsPerMillisecond = 1_000_000;
        return new LoadReport
        {
            Bridge = _signaling.Target,
            SubscribeBridge = _subscriberSignaling == _signaling ? null : _subscriberSignaling.Target,
            Rooms = _options.Rooms,
            Publishers = _options.Publishers,
            Subscribers = _options.Subscribers,
            DurationSeconds = Math.Round(window, 3),
            ConnectSeconds = Math.Round(connectSeconds, 3),
            PacketsSent = packetsSent,
            BytesSent = bytesSent,
            SendMbps = Math.Round(bytesSent * 8 / window / Million, 3),
            PacketsReceived = totals.Packets,
            BytesReceived = totals.Bytes,
            PacketsPerSecond = Math.Round(totals.Packets / window, 1),
            ThroughputMbps = Math.Round(totals.Bytes * 8 / window / Million, 3),
            PacketsExpected = totals.Expected,
            PacketsLost = totals.Lost,
            LossPercent = totals.Expected == 0 ? 0 : Math.Round(100.0 * totals.Lost / totals.Expected, 4),
            JitterMs = totals.Streams == 0 ? 0 : Math.Round(totals.JitterSumMilliseconds / totals.Streams, 4),
            JitterMaxMs = Math.Round(totals.JitterMaxMilliseconds, 4),
            DelaySamples = totals.Delays.Count,
            DelayP50Ms = Math.Round(totals.Delays.Percentile(50) / NanosecondsPerMillisecond, 4),
            DelayP99Ms = Math.Round(totals.Delays.Percentile(99) / NanosecondsPerMillisecond, 4),
            DelayMaxMs = Math.Round(totals.Delays.Max / NanosecondsPerMillisecond, 4),
            SubscribersWithoutMedia = totals.SubscribersWithoutMedia,
            Simulcast = _options.Simulcast,
            VideoSizes = totals.VideoSizes,
        };
    }

    // Item i of n spread round robin over k buckets: bucket b gets n / k, plus one for the first n % k.
    private static int Share(int count, int buckets, int bucket) => (count / buckets) + (bucket < count % buckets ? 1 : 0);

    /// <summary>Stops the publishers, deletes every session resource and closes every client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pacer.DisposeAsync().ConfigureAwait(false);
        var deletes = new List<Task>();
        foreach (var publisher in _publishers)
        {
            publisher.Dispose();
            deletes.Add(publisher.Session.LeaveAsync());
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Dispose();
            deletes.Add(subscriber.Session.LeaveAsync());
        }

        await Task.WhenAll(deletes).ConfigureAwait(false);
    }
}
