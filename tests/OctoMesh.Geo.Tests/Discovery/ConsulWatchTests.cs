using Microsoft.Extensions.Logging;
using OctoMesh.Geo.Discovery;
using Xunit.Abstractions;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>The blocking-query watch of <c>/v1/health/service/octomesh-bridge?passing</c> and TTL expiry.</summary>
[Trait(Tier.Name, Tier.Functional)]
public class ConsulWatchTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = Eventually.Patience;

    [Fact]
    public async Task The_watch_blocks_on_the_last_index_and_follows_it_as_it_advances()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (watcher, log) = harness.Registry(harness.Options() with { WatchWait = TimeSpan.FromSeconds(5) });
        var (bridge, _) = harness.Registry();
        await watcher.StartAsync(CancellationToken.None);
        var first = await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.Answered is not null, Patience, "the first health query");
        Assert.Null(first.IndexParameter);
        Assert.Equal("true", first.Query["passing"]);
        var blocking = await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.IndexParameter is not null, Patience, "a blocking query");
        Assert.Equal(first.ReturnedIndex, blocking.IndexParameter);
        Assert.Equal("5s", blocking.Query["wait"]);

        await bridge.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        await Eventually.Until(() => watcher.Current.Count == 1, Patience, "the watcher to see eu-1");
        var registeredAt = harness.Server.ServiceIndex("octomesh-bridge");
        Assert.True(registeredAt > first.ReturnedIndex);
        await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.IndexParameter >= registeredAt, Patience,
            $"a blocking query on the new index {registeredAt}");
        var indexes = harness.Server.Requests.Where(r => r.IsHealthQuery).Select(r => r.IndexParameter ?? 0).ToArray();
        output.WriteLine("index sequence: " + string.Join(" ", indexes));
        Assert.Equal(indexes.Order(), indexes);
        Assert.Empty(log.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task The_wait_is_sent_and_the_server_holds_the_request_that_long()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (watcher, _) = harness.Registry(harness.Options() with { WatchWait = TimeSpan.FromSeconds(1) });
        await watcher.StartAsync(CancellationToken.None);

        var held = await harness.Server.WaitForRequestAsync(
            r => r.IsHealthQuery && r.IndexParameter is not null && r.Answered is not null, Patience, "one blocking query answered");

        Assert.Equal("1s", held.Query["wait"]);
        output.WriteLine($"held {(held.Answered!.Value - held.Arrived).TotalMilliseconds:0} ms");
        Assert.Equal(held.IndexParameter, held.ReturnedIndex);
        // Nothing changes, so the client neither spins nor stops: every next query blocks on the index it was given.
        var before = harness.Server.Requests.Count(r => r.IsHealthQuery);
        await Eventually.Until(() => harness.Server.Requests.Count(r => r.IsHealthQuery) >= before + 2, Patience, "two more blocking queries");
        Assert.All(harness.Server.Requests.Where(r => r.IsHealthQuery).Skip(before),
            r => Assert.Equal((held.ReturnedIndex, "1s"), (r.IndexParameter, r.Query["wait"])));
    }

    [Fact]
    public async Task An_index_that_goes_backwards_restarts_the_watch_from_zero()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (watcher, log) = harness.Registry(harness.Options() with { WatchWait = TimeSpan.FromSeconds(30) });
        var (bridge, _) = harness.Registry();
        await bridge.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await watcher.StartAsync(CancellationToken.None);
        // Registration and its first TTL update are two writes; once the stress is visible nothing changes any more.
        await Eventually.Until(() => watcher.Current is [{ Stress: 0.1 }], Patience, "the watcher to see eu-1 and its stress");
        var held = await harness.Server.WaitForRequestAsync(
            r => r.IsHealthQuery && r.IndexParameter == harness.Server.ServiceIndex("octomesh-bridge") && r.Answered is null, Patience,
            "a query held on the current index");
        var high = held.IndexParameter;
        var mark = harness.Server.Requests.Count;

        harness.Server.RollBackIndex(3);

        // The held query returns with index 3 < sent: the next request must be a fresh, non-blocking one (index 0),
        // and the one after it blocks on the restored index instead of the stale, higher one.
        await Eventually.Until(() => harness.Server.Requests.Skip(mark).Count(r => r.IsHealthQuery) >= 2, Patience, "the watch to restart",
            () => string.Join(Environment.NewLine, harness.Server.Requests.Where(r => r.IsHealthQuery)));
        var after = harness.Server.Requests.Skip(mark).Where(r => r.IsHealthQuery).Take(2).ToArray();
        output.WriteLine(string.Join(Environment.NewLine, after.Prepend(held).Select(r => r.ToString())));
        Assert.Equal(3UL, held.ReturnedIndex);
        Assert.Null(after[0].IndexParameter);
        Assert.Equal(3UL, after[1].IndexParameter);
        Assert.Equal(1, log.Count(4105));
        // And the watch still sees changes after the restore.
        await bridge.UpdateAsync(0.7, draining: false);
        await Eventually.Until(() => watcher.Current is [{ Stress: 0.7 }], Patience, "the watcher to see the new stress");
    }

    [Fact]
    public async Task A_zero_index_is_replaced_by_1_so_the_watch_still_blocks()
    {
        await using var harness = await ConsulHarness.StartAsync();
        harness.Server.ReportZeroIndex(true);
        var (watcher, _) = harness.Registry(harness.Options() with { WatchWait = TimeSpan.FromSeconds(30) });
        await watcher.StartAsync(CancellationToken.None);

        var second = await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.IndexParameter is not null, Patience, "a blocking query");

        Assert.Equal(1UL, second.IndexParameter);
        Assert.Equal(2, harness.Server.Requests.Count(r => r.IsHealthQuery));
    }

    [Fact]
    public async Task The_datacenter_is_sent_and_an_unknown_one_is_an_outage()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (here, _) = harness.Registry(harness.Options() with { Datacenter = "dc1" });
        var (elsewhere, log) = harness.Registry(harness.Options() with { Datacenter = "mars1" });
        await here.StartAsync(CancellationToken.None);
        await elsewhere.StartAsync(CancellationToken.None);

        await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.Query["dc"] == "dc1" && r.Status == 200, Patience, "a dc1 query");
        await harness.Server.WaitForRequestAsync(r => r.IsHealthQuery && r.Query["dc"] == "mars1" && r.Status == 500, Patience, "a mars1 query failing");
        await Eventually.Until(() => log.Count(4101) == 1, Patience, "the outage warning", () => log.ToString());
    }

    [Fact]
    public async Task A_bridge_that_stops_refreshing_leaves_the_set_when_its_TTL_lapses()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var ttl = TimeSpan.FromSeconds(1);
        var (dying, _) = harness.Registry(harness.Options() with { CheckTtl = ttl, RefreshInterval = TimeSpan.FromMilliseconds(250) });
        var (survivor, _) = harness.Registry(harness.Options() with { CheckTtl = ttl, RefreshInterval = TimeSpan.FromMilliseconds(250) });
        var (watcher, _) = harness.Registry(harness.Options() with { WatchWait = TimeSpan.FromSeconds(30) });
        await watcher.StartAsync(CancellationToken.None);
        await dying.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await survivor.RegisterAsync(TestBridges.Sample("us-1", "us-east", 40.7128, -74.006, 30000), CancellationToken.None);
        await Eventually.Until(() => watcher.Current.Count == 2, Patience, "both bridges to appear");

        // A crash: the process is gone, nothing deregisters it.
        await dying.DisposeAsync();

        var left = await Eventually.Until(() => watcher.Current is [{ Id: "us-1" }], Patience, "eu-1 to leave", () => TestBridges.Ids(watcher.Current));
        output.WriteLine($"eu-1 left the set {left.TotalMilliseconds:0} ms after it crashed (TTL {ttl.TotalMilliseconds:0} ms, refresh 250 ms)");
        Assert.Equal("critical", harness.Server.Check("service:eu-1")?.Status);
        Assert.Equal("TTL expired", harness.Server.Check("service:eu-1")?.Output);
        Assert.True(harness.Server.HasService("eu-1"), "critical, not deregistered: Consul reaps it after DeregisterCriticalServiceAfter");
    }
}
