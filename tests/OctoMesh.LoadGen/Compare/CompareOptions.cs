namespace OctoMesh.LoadGen.Compare;

/// <summary>One <c>compare</c> run, as parsed and validated by <see cref="CompareOptionsParser"/>.</summary>
public sealed record CompareOptions
{
    /// <summary>The room every load client joins on each server.</summary>
    public const string RoomName = "compare";

    /// <summary>The servers to run the load against, one after the other, in this order.</summary>
    public IReadOnlyList<string> Servers { get; init; } = [SfuServers.OctoMeshName, SfuServers.JanusName];

    /// <summary>Publishers in the fan-out scenario.</summary>
    public int Publishers { get; init; } = 1;

    /// <summary>Subscribers in the fan-out scenario, spread evenly over the publishers.</summary>
    public int Subscribers { get; init; } = 50;

    /// <summary>
    /// The second scenario when set: an all-video room of this many people, each publishing and subscribing to
    /// every other one by feed id (N publishers, N × (N − 1) subscriptions).
    /// </summary>
    public int? RoomSize { get; init; }

    /// <summary>
    /// The memory scenario when set: this many connected sessions that send nothing, sitting idle for
    /// <see cref="Duration"/>; reports resident memory per idle session instead of forwarding figures.
    /// </summary>
    public int? IdleSessions { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Media flows this long, unmeasured, before each server's window (JIT tiering, caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int VideoKbps { get; init; } = 1500;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline for a server to start and answer its first request.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Json { get; init; }

    /// <summary>
    /// Whether publishers send three VP8 simulcast layers (the top one at <see cref="VideoKbps"/>); with
    /// <see cref="SimulcastMode.Both"/> every server is measured without, then with, in this one invocation.
    /// </summary>
    public SimulcastMode Simulcast { get; init; }

    /// <summary>The measurements to make, in order: each server, once per simulcast setting.</summary>
    public IReadOnlyList<CompareRun> Runs => [.. Servers.SelectMany(server => Simulcast switch
    {
        SimulcastMode.On => new[] { new CompareRun(server, Simulcast: true) },
        SimulcastMode.Both => [new CompareRun(server, Simulcast: false), new CompareRun(server, Simulcast: true)],
        _ => [new CompareRun(server, Simulcast: false)],
    })];

    /// <summary>The Janus binary.</summary>
    public string JanusExecutable { get; init; } = "/usr/bin/janus";

    /// <summary>The bridge's <c>OctoMesh.Bridge.dll</c>; null takes the one built with the load generator.</summary>
    public string? BridgeAssembly { get; init; }

    /// <summary>Publishers of the scenario run.</summary>
    public int ScenarioPublishers => RoomSize ?? Publishers;

    /// <summary>Subscribing sessions of the scenario run (one per person and remote feed in a room).</summary>
    public int ScenarioSubscribers => RoomSize is { } people ? people * (people - 1) : Subscribers;

    /// <summary>
    /// The load run against one server. A room of N is N publishers with N − 1 subscribers each: every feed is
    /// played by the N − 1 other people, each subscription its own session, as a browser in a Janus VideoRoom or
    /// on OctoMesh's WHEP does it.
    /// </summary>
    public LoadOptions ToLoadOptions(bool simulcast = false) => new()
    {
        Simulcast = simulcast,
        Room = RoomName,
        Rooms = 1,
        Publishers = ScenarioPublishers,
        Subscribers = ScenarioSubscribers,
        Duration = Duration,
        Warmup = Warmup,
        VideoKbps = VideoKbps,
        ConnectTimeout = ConnectTimeout,
        Json = Json,
    };
}
