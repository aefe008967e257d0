namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Discovery (DESIGN.md "Discovery and routing"): this bridge announces itself and keeps its health
/// fresh, and every bridge learns the set of healthy bridges. Implementations: <see cref="EmbeddedBridgeRegistry"/>
/// (in-process list or a shared JSON file) and <see cref="ConsulBridgeRegistry"/> (Consul's HTTP API).
/// </summary>
/// <remarks>
/// Lifecycle, shaped like <c>IHostedService</c>: <see cref="StartAsync"/> begins watching;
/// <see cref="RegisterAsync"/> announces this bridge and starts the heartbeat that refreshes its health
/// every refresh interval with the stress and drain flag last given to <see cref="UpdateAsync"/>;
/// <see cref="StopAsync"/> deregisters (graceful shutdown) and stops watching.
/// <see cref="IAsyncDisposable.DisposeAsync"/> only releases resources: a bridge disposed without
/// <see cref="StopAsync"/> behaves like one that crashed and leaves the set when its health deadline passes.
/// </remarks>
public interface IBridgeRegistry : IAsyncDisposable
{
    /// <summary>The last known set of healthy bridges (this one included once registered), ordered by id.</summary>
    IReadOnlyList<BridgeRecord> Current { get; }

    /// <summary>Raised with the new set whenever a bridge joins, leaves, or changes its advertisement or stress.</summary>
    event Action<IReadOnlyList<BridgeRecord>>? Changed;

    /// <summary>Starts watching the registry; <see cref="Current"/> fills as soon as the first answer arrives.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Announces this bridge and starts its heartbeat. Throws <see cref="ArgumentException"/> for an invalid record.</summary>
    Task RegisterAsync(BridgeRecord self, CancellationToken cancellationToken);

    /// <summary>Records the current stress and drain flag and refreshes the health at once.</summary>
    Task UpdateAsync(double stress, bool draining, CancellationToken cancellationToken = default);

    /// <summary>Withdraws this bridge (it leaves everyone's set at once) and stops the heartbeat.</summary>
    Task DeregisterAsync(CancellationToken cancellationToken = default);

    /// <summary>Deregisters this bridge if it is registered, then stops watching.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
