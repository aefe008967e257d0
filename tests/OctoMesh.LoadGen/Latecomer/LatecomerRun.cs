using System.Diagnostics;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Latecomer;

/// <summary>
/// The latecomer measurement: publishers fill a room, then latecomers join one after another (each a WHEP session
/// per publisher, as a room page opens one tile per person), each after a seeded random pause so they arrive at
/// every phase of the publishers' key frame cycle. Each is timed to connected, first video and first key frame from
/// every publisher, then leaves. The bridge asks publishers for a key frame when someone new subscribes; without
/// that, a latecomer would wait up to a whole key frame interval.
/// </summary>
public sealed class LatecomerRun : IAsyncDisposable
{
    private static readonly TimeSpan KeyframeInterval = TimeSpan.FromSeconds((double)LoadPublisher.KeyframeInterval / LoadPublisher.FramesPerSecond);

    private readonly LatecomerOptions _options;
    private readonly ISfuSignaling _signaling;
    private readonly ISfuSignaling _subscriberSignaling;
    private readonly LoadClientConnector _connector;
    private readonly PublisherPacer _pacer = new();
    private readonly List<LoadPublisher> _publishers = [];

    public LatecomerRun(LatecomerOptions options, ISfuSignaling signaling, ISfuSignaling? subscriberSignaling = null)
    {
        _options = options;
        _signaling = signaling;
        _subscriberSignaling = subscriberSignaling ?? signaling;
        _connector = new LoadClientConnector(_signaling, _subscriberSignaling, options.ConnectTimeout);
    }

    /// <summary>Raised after each latecomer, with its number (1-based), so a caller can show progress.</summary>
    public event Action<int>? LatecomerMeasured;

    /// <summary>Runs the measurement; throws <see cref="LoadRunException"/> when a client cannot connect.</summary>
    public async Task<LatecomerReport> RunAsync(CancellationToken cancellationToken)
    {
        for (var p = 0; p < _options.Publishers; p++)
        {
            var (client, session) = await _connector.ConnectAsync(_options.Room, feed: null, sends: true, cancellationToken).ConfigureAwait(false);
            var publisher = new LoadPublisher(client, session, _options.Room, _options.VideoKbps);
            _publishers.Add(publisher);
            _pacer.Add(publisher);
        }

        await Task.Delay(_options.Warmup, cancellationToken).ConfigureAwait(false);
        var pauses = new Random(_options.Seed);
        List<double> connected = [], firstVideo = [], firstKeyframe = [], keyframeAfterConnect = [];
        var withoutKeyframe = 0;
        for (var latecomer = 1; latecomer <= _options.Latecomers; latecomer++)
        {
            await Task.Delay(pauses.NextDouble() * KeyframeInterval, cancellationToken).ConfigureAwait(false);
            var watches = await JoinAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.WhenAll(watches.Watches.Select(w => w.Keyframe)).WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                connected.Add(Milliseconds(watches.StartedAt, watches.Watches.Max(w => w.ConnectedAt)));
                firstVideo.Add(Milliseconds(watches.StartedAt, watches.Watches.Max(w => w.FirstVideoAt)));
                firstKeyframe.Add(Milliseconds(watches.StartedAt, watches.Watches.Max(w => w.FirstKeyframeAt)));
                keyframeAfterConnect.Add(watches.Watches.Max(w => Milliseconds(w.ConnectedAt, w.FirstKeyframeAt)));
            }
            catch (TimeoutException)
            {
                withoutKeyframe++;
            }
            finally
            {
                await LeaveAsync(watches.Watches).ConfigureAwait(false);
            }

            LatecomerMeasured?.Invoke(latecomer);
        }

        return new LatecomerReport
        {
            Bridge = _signaling.Target,
            SubscribeBridge = _subscriberSignaling == _signaling ? null : _subscriberSignaling.Target,
            Publishers = _options.Publishers,
            Latecomers = _options.Latecomers,
            WithoutKeyframe = withoutKeyframe,
            PublisherKeyframeIntervalMs = KeyframeInterval.TotalMilliseconds,
            ConnectedMs = LatecomerFigure.Of(connected),
            FirstVideoMs = LatecomerFigure.Of(firstVideo),
            FirstKeyframeMs = LatecomerFigure.Of(firstKeyframe),
            KeyframeAfterConnectMs = LatecomerFigure.Of(keyframeAfterConnect),
        };
    }

    // One WHEP session per publisher, all at once; on a failure the ones made so far are closed before it is thrown.
    private async Task<(long StartedAt, LatecomerWatch[] Watches)> JoinAsync(CancellationToken cancellationToken)
    {
        var watches = _publishers.Select(_ => new LatecomerWatch()).ToArray();
        var startedAt = Stopwatch.GetTimestamp();
        var joins = _publishers.Select(async (publisher, i) =>
        {
            var (_, session) = await _connector.ConnectAsync(_options.Room, publisher.Session.Feed, sends: false, cancellationToken, watches[i].Attach)
                .ConfigureAwait(false);
            watches[i].Connected(session);
        }).ToArray();
        try
        {
            await Task.WhenAll(joins).ConfigureAwait(false);
        }
        catch
        {
            await LeaveAsync(watches).ConfigureAwait(false);
            throw;
        }

        return (startedAt, watches);
    }

    private static async Task LeaveAsync(IEnumerable<LatecomerWatch> watches)
    {
        var leaves = new List<Task>();
        foreach (var watch in watches)
        {
            watch.Dispose();
            if (watch.Session is { } session)
            {
                leaves.Add(session.LeaveAsync());
            }
        }

        await Task.WhenAll(leaves).ConfigureAwait(false);
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>Stops the publishers and deletes their sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pacer.DisposeAsync().ConfigureAwait(false);
        foreach (var publisher in _publishers)
        {
            publisher.Dispose();
        }

        await Task.WhenAll(_publishers.Select(p => p.Session.LeaveAsync())).ConfigureAwait(false);
    }
}
