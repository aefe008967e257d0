using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OctoMesh.Geo.Discovery;
using Xunit.Abstractions;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>
/// Consul unreachable: the last known set is kept, retries back off (growing, jittered), and the outage
/// logs one warning when it starts and one information line when it ends, however many retries fail.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public class ConsulOutageTests(ITestOutputHelper output)
{
    private const int UnreachableEvent = 4101;
    private const int RecoveredEvent = 4102;
    private const int RetryFailedEvent = 4103;
    private static readonly TimeSpan Patience = Eventually.Patience;

    [Fact]
    public async Task Consul_down_keeps_the_last_set_backs_off_and_logs_one_line_per_outage()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (bridge, _) = harness.Registry(harness.Options() with { CheckTtl = TimeSpan.FromSeconds(60) });
        var (watcher, log) = harness.Registry(harness.Options() with
        {
            WatchWait = TimeSpan.FromSeconds(30),
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(5),
        });
        await bridge.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.Until(() => watcher.Current is [{ Stress: 0.1 }], Patience, "the watcher to see eu-1 and its stress");
        var known = watcher.Current;
        var changes = 0;
        // Count sets that differ from the one seen: a subscriber attached just after the first publication
        // may still receive that publication's event, which carries the same set.
        watcher.Changed += set =>
        {
            if (!BridgeSets.Equivalent(set, known))
            {
                Interlocked.Increment(ref changes);
            }
        };

        for (var outage = 1; outage <= 2; outage++)
        {
            var mark = harness.Server.Requests.Count;
            var logMark = log.Entries.Count;
            var beforeOutage = watcher.Current;
            harness.Server.GoDown();
            IReadOnlyList<ConsulRecordedRequest> Failed() =>
                harness.Server.Requests.Skip(mark).Where(r => r.IsHealthQuery && r.Answered is null).ToArray();
            await Eventually.Until(() => Failed().Count >= 6, Patience, "six failed watch attempts", () => log.ToString());

            Assert.Same(beforeOutage, watcher.Current);
            var arrivals = Failed().Take(6).Select(r => r.Arrived).ToArray();
            var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToArray();
            output.WriteLine($"outage {outage}: retry gaps " + string.Join(" ", gaps.Select(g => $"{g.TotalMilliseconds:0}ms")));
            // That each retry waits exactly its announced delay is checked in virtual time (the tests below); here, with a
            // real server, the announced delays follow the equal-jitter schedule and the retries keep coming.
            RetrySchedule.AssertEqualJitter(RetrySchedule.Announced(log, logMark), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
            Assert.Equal(outage, log.Count(UnreachableEvent));
            Assert.True(log.Count(RetryFailedEvent) >= 5 * outage, "retries are logged at Debug only");

            harness.Server.ComeBack();
            await Eventually.Until(() => log.Count(RecoveredEvent) == outage, Patience, "the recovery line", () => log.ToString());
            await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.Status == 200 && r.Arrived > arrivals[^1], Patience,
                "a successful watch after the outage");
            Assert.Equal(outage, log.Count(UnreachableEvent));
        }
        Assert.Equal(0, changes);
        Assert.True(known[0].SameAdvertisement(watcher.Current[0]));
        Assert.All(log.AtLeast(LogLevel.Warning), e => Assert.Equal(UnreachableEvent, e.EventId.Id));
    }

    [Fact]
    public async Task Consul_answering_500_is_an_outage_too()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (bridge, bridgeLog) = harness.Registry(harness.Options() with { CheckTtl = TimeSpan.FromSeconds(60) });
        var (watcher, log) = harness.Registry();
        await bridge.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.Until(() => watcher.Current.Count == 1, Patience, "the watcher to see eu-1");

        harness.Server.FailWith500(true);
        await Eventually.Until(() => log.Count(RetryFailedEvent) >= 3 && bridgeLog.Count(RetryFailedEvent) >= 3, Patience,
            "retries failing with 500 on both the watch and the heartbeat", () => log + Environment.NewLine + bridgeLog);
        Assert.Equal(1, log.Count(UnreachableEvent));
        Assert.Equal(1, bridgeLog.Count(UnreachableEvent));
        Assert.Contains("HTTP 500: No cluster leader", log.Entries.Single(e => e.EventId.Id == UnreachableEvent).Message);
        Assert.Equal(["eu-1"], watcher.Current.Select(r => r.Id));

        harness.Server.FailWith500(false);
        await Eventually.Until(() => log.Count(RecoveredEvent) == 1 && bridgeLog.Count(RecoveredEvent) == 1, Patience, "both to recover");
    }

    [Fact]
    public async Task A_bridge_that_starts_before_its_agent_retries_with_the_announced_backoff_and_registers_once_the_agent_listens()
    {
        var port = FreeLoopbackPort();
        var time = new RecordingTimeProvider();
        var recorder = new AttemptRecorder(time);
        using var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        var log = new CapturedLog<ConsulBridgeRegistry>();
        await using var registry = new ConsulBridgeRegistry(http, new ConsulRegistryOptions
        {
            Address = new Uri($"http://127.0.0.1:{port}/"),
            CheckTtl = TimeSpan.FromSeconds(5),
            RefreshInterval = TimeSpan.FromSeconds(1),
            InitialBackoff = TimeSpan.FromMilliseconds(40),
            MaxBackoff = TimeSpan.FromSeconds(1),
        }, log, time);

        // Connection refused: no exception, the heartbeat keeps trying with growing delays, each exactly as announced.
        await registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        var announced = await RetrySchedule.DriveAsync(time, recorder, log, retries: 6);
        output.WriteLine("connection-refused retry delays " + string.Join(" ", announced.Select(d => $"{d.TotalMilliseconds:0}ms")));
        RetrySchedule.AssertEqualJitter(announced, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(1));
        Assert.All(recorder.Attempts, a => Assert.Equal("/v1/agent/service/register", a.Path));
        Assert.Equal(1, log.Count(UnreachableEvent));
        Assert.Contains("ConnectionError", log.Entries.Single(e => e.EventId.Id == UnreachableEvent).Message);

        await using var server = await ConsulTestServer.StartAsync(new ConsulTestServerOptions { Port = port });
        await Eventually.Until(() => time.DueTimes.Count > 6, Patience, "the seventh retry timer");
        time.Advance(time.DueTimes[6]);

        await Eventually.Until(() => server.HasService("eu-1"), Patience, "eu-1 registered once Consul listens");
        await Eventually.Until(() => log.Count(RecoveredEvent) == 1, Patience, "the recovery line");
        Assert.Equal(1, log.Count(UnreachableEvent));
    }

    [Fact]
    public async Task A_watch_that_cannot_reach_its_agent_retries_with_the_announced_backoff()
    {
        var time = new RecordingTimeProvider();
        var recorder = new AttemptRecorder(time);
        using var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        var log = new CapturedLog<ConsulBridgeRegistry>();
        await using var watcher = new ConsulBridgeRegistry(http, new ConsulRegistryOptions
        {
            Address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/"),
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(2),
            // The rate limiter's own waits would be timers too; this test is about the backoff alone.
            MinWatchInterval = TimeSpan.Zero,
        }, log, time);

        await watcher.StartAsync(CancellationToken.None);
        var announced = await RetrySchedule.DriveAsync(time, recorder, log, retries: 6);

        RetrySchedule.AssertEqualJitter(announced, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        Assert.All(recorder.Attempts, a => Assert.Equal("/v1/health/service/octomesh-bridge", a.Path));
        Assert.Empty(watcher.Current);
        Assert.Equal(1, log.Count(UnreachableEvent));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
