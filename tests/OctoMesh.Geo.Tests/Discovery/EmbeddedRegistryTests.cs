using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OctoMesh.Geo.Discovery;
using Xunit.Abstractions;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>The embedded registry: the demo's in-process list and the JSON file shared by separate processes.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class EmbeddedRegistryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int InvalidEvent = 4121;
    private const int ValidAgainEvent = 4122;
    private const int SkippedEvent = 4123;
    private static readonly TimeSpan Patience = Eventually.Patience;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    /// <summary>For virtual time: a debounce timer would wait for time that never moves by itself.</summary>
    private static readonly EmbeddedRegistryOptions FastUndebounced = new() { RefreshInterval = Poll, FileDebounce = TimeSpan.Zero };
    private static readonly EmbeddedRegistryOptions Fast = new() { RefreshInterval = TimeSpan.FromMilliseconds(100), FileDebounce = TimeSpan.FromMilliseconds(20) };

    private readonly string _directory = Directory.CreateTempSubdirectory("octomesh-registry-").FullName;
    private readonly List<EmbeddedBridgeRegistry> _registries = [];

    private string RegistryFile => Path.Combine(_directory, "bridges.json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var registry in _registries)
        {
            await registry.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Three_bridges_in_one_process_share_one_list()
    {
        var list = new InProcessBridgeList();
        var time = new FakeTimeProvider();
        var london = Track(EmbeddedBridgeRegistry.InProcess(list, Fast, time: time));
        var newYork = Track(EmbeddedBridgeRegistry.InProcess(list, Fast, time: time));
        var sydney = Track(EmbeddedBridgeRegistry.InProcess(list, Fast, time: time));
        foreach (var (registry, record) in new[]
        {
            (london, TestBridges.Sample("eu-1")),
            (newYork, TestBridges.Sample("us-1", "us-east", 40.7128, -74.006, 11000)),
            (sydney, TestBridges.Sample("ap-1", "ap-southeast", -33.8688, 151.2093, 12000)),
        })
        {
            await registry.StartAsync(CancellationToken.None);
            await registry.RegisterAsync(record, CancellationToken.None);
        }
        Assert.All(new[] { london, newYork, sydney }, r => Assert.Equal("ap-1,eu-1,us-1", TestBridges.Ids(r.Current)));

        await newYork.UpdateAsync(0.8, draining: true);
        Assert.Contains(london.Current, r => r is { Id: "us-1", Stress: 0.8, Draining: true });

        await sydney.StopAsync(CancellationToken.None);
        Assert.Equal("eu-1,us-1", TestBridges.Ids(london.Current));

        // A crash: nothing deregisters, the entry goes stale and leaves at the first poll past the health deadline (3 x 100 ms).
        await newYork.DisposeAsync();
        AssertLeavesAtTheFirstPollPastTheDeadline(time, london, "us-1");
    }

    /// <summary>
    /// In virtual time: <paramref name="leaving"/> (last seen now) is still in the set at each poll up to and including
    /// the health deadline, and gone at the first poll after it. The poll timer re-reads the set synchronously.
    /// </summary>
    private void AssertLeavesAtTheFirstPollPastTheDeadline(FakeTimeProvider time, EmbeddedBridgeRegistry watcher, string leaving)
    {
        var deadline = Fast.RefreshInterval * 3;
        for (var elapsed = Poll; elapsed <= deadline; elapsed += Poll)
        {
            time.Advance(Poll);
            Assert.Contains(watcher.Current, r => r.Id == leaving);
        }
        time.Advance(Poll);
        Assert.DoesNotContain(watcher.Current, r => r.Id == leaving);
        output.WriteLine($"{leaving} left at the first poll after the {deadline.TotalMilliseconds:0} ms health deadline (virtual time)");
    }

    [Fact]
    public async Task Two_registries_on_one_file_see_each_other()
    {
        var a = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, Fast));
        var b = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, Fast));
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        await a.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await b.RegisterAsync(TestBridges.Sample("us-1", "us-east", 40.7128, -74.006, 11000), CancellationToken.None);
        await b.UpdateAsync(0.5, draining: false);

        await Eventually.Until(() => a.Current is [{ Id: "eu-1" }, { Id: "us-1", Stress: 0.5 }], Patience, "a to see both", () => TestBridges.Ids(a.Current));
        await Eventually.Until(() => b.Current.Count == 2, Patience, "b to see both");
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(RegistryFile));
        var entries = file.RootElement.GetProperty("bridges").EnumerateArray().ToArray();
        Assert.Equal(["eu-1", "us-1"], entries.Select(e => e.GetProperty("id").GetString()));
        Assert.True(entries[0].TryGetProperty("lastSeen", out _));
        Assert.Equal("127.0.0.1:11001", entries[1].GetProperty("relayEndpoint").GetString());
        // Temporary files exist only while a write is in flight: none is left once both registries stop.
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task Changes_arrive_through_the_file_watcher_without_a_poll()
    {
        // Virtual time that never moves: no poll and no heartbeat ever runs, so only the file watcher can tell b.
        // No debounce either (its timer would wait for virtual time too).
        var time = new FakeTimeProvider();
        var watcherOnly = new EmbeddedRegistryOptions { RefreshInterval = TimeSpan.FromSeconds(10), FileDebounce = TimeSpan.Zero };
        var a = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, watcherOnly, time: time));
        var b = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, watcherOnly, time: time));
        await b.StartAsync(CancellationToken.None);

        await a.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        var took = await Eventually.Until(() => b.Current.Count == 1, Patience, "b to see eu-1 through the watcher");
        output.WriteLine($"file watcher delivered a registration in {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_stale_entry_leaves_at_the_first_poll_past_the_health_deadline()
    {
        var time = new FakeTimeProvider();
        var dying = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, FastUndebounced, time: time));
        var survivor = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, FastUndebounced, time: time));
        await survivor.StartAsync(CancellationToken.None);
        await survivor.RegisterAsync(TestBridges.Sample("us-1", "us-east", 40.7128, -74.006, 11000), CancellationToken.None);
        await dying.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await Eventually.Until(() => survivor.Current.Count == 2, Patience, "both bridges");

        await dying.DisposeAsync();

        AssertLeavesAtTheFirstPollPastTheDeadline(time, survivor, "eu-1");
        Assert.Contains("\"eu-1\"", await File.ReadAllTextAsync(RegistryFile));
    }

    [Fact]
    public async Task A_broken_file_keeps_the_last_good_set_and_is_reported_once()
    {
        await WriteAtomically("""
            // Hand-written static bridges: no lastSeen, always listed.
            { "bridges": [
              { "id": "eu-1", "region": "eu-west", "latitude": 51.5, "longitude": -0.12, "version": "0.4.0",
                "httpUrl": "http://127.0.0.1:10080/", "mediaAddress": "127.0.0.1:10000", "relayEndpoint": "127.0.0.1:10001",
                "grpcEndpoint": "https://127.0.0.1:10443/", "wireGuardPublicKey": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "tlsCertificateSha256": "00000000000000000000000000000000000000000000000000000000000000aa" },
              { "id": "bad one", "latitude": 500, "longitude": 0, "httpUrl": "http://x/", "grpcEndpoint": "https://x/" },
            ] }
            """);
        var log = new CapturedLog<EmbeddedBridgeRegistry>();
        var watcher = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, Fast, log));
        await watcher.StartAsync(CancellationToken.None);
        Assert.Equal("eu-1", TestBridges.Ids(watcher.Current));
        Assert.Equal(1, log.Count(SkippedEvent));
        Assert.Contains("Latitude must be between -90 and 90", log.Entries.Single(e => e.EventId.Id == SkippedEvent).Message);
        var good = watcher.Current;
        var changes = 0;
        watcher.Changed += _ => Interlocked.Increment(ref changes);

        await WriteAtomically("""{ "bridges": [ { "id": "eu-1", """);
        await Eventually.Until(() => log.Count(InvalidEvent) == 1, Patience, "the broken file to be reported", () => log.ToString());
        var reloads = watcher.Reloads;
        await Eventually.Until(() => watcher.Reloads >= reloads + 5, Patience, "five more reads of the broken file");

        Assert.True(BridgeSets.Equivalent(good, watcher.Current), TestBridges.Ids(watcher.Current));
        Assert.Equal(0, changes);
        Assert.Equal(1, log.Count(InvalidEvent));
        Assert.Contains("is not valid registry JSON", log.Entries.Single(e => e.EventId.Id == InvalidEvent).Message);
        Assert.Equal(1, log.Count(SkippedEvent));

        await WriteAtomically("""{ "bridges": [] }""");
        await Eventually.Until(() => watcher.Current.Count == 0, Patience, "the repaired file's (empty) set");
        Assert.Equal(1, log.Count(ValidAgainEvent));
        Assert.All(log.AtLeast(LogLevel.Warning), e => Assert.Contains(e.EventId.Id, new[] { InvalidEvent, SkippedEvent }));
    }

    [Fact]
    public async Task A_bridge_heartbeating_into_a_broken_file_rebuilds_it_from_the_last_good_set()
    {
        var a = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, Fast));
        var b = Track(EmbeddedBridgeRegistry.FromFile(RegistryFile, Fast));
        await a.StartAsync(CancellationToken.None);
        await a.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await b.RegisterAsync(TestBridges.Sample("us-1", "us-east", 40.7128, -74.006, 11000), CancellationToken.None);
        await Eventually.Until(() => a.Current.Count == 2, Patience, "both bridges");

        await WriteAtomically("not json at all");

        await Eventually.Until(() => File.ReadAllText(RegistryFile).Contains("\"bridges\""), Patience, "a heartbeat to rewrite the file");
        Assert.Equal("eu-1,us-1", TestBridges.Ids(a.Current));
    }

    [Fact]
    public void A_missing_directory_is_explained()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddedBridgeRegistry.FromFile(Path.Combine(_directory, "nope", "bridges.json")));
        Assert.Contains("does not exist", error.Message);
    }

    private EmbeddedBridgeRegistry Track(EmbeddedBridgeRegistry registry)
    {
        _registries.Add(registry);
        return registry;
    }

    private async Task WriteAtomically(string text)
    {
        var temp = RegistryFile + ".test.tmp";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, RegistryFile, overwrite: true);
    }
}
