using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// <see cref="IBridgeRegistry"/> over Consul's HTTP API (see <see cref="ConsulHttpApi"/> for the endpoints):
/// this bridge is a Consul service with its advertisement in <c>Meta</c> and a TTL check whose
/// <c>Output</c> carries its stress; the healthy set comes from a blocking-query watch of
/// <c>/v1/health/service/&lt;name&gt;?passing</c>. A bridge that stops refreshing turns critical after
/// <see cref="ConsulRegistryOptions.CheckTtl"/> and leaves every watcher's set.
/// While Consul is unreachable the last known set is kept and both loops retry with jittered
/// exponential backoff; the outage is logged once when it starts and once when it ends.
/// </summary>
public sealed partial class ConsulBridgeRegistry : IBridgeRegistry
{
    private readonly ConsulRegistryOptions _options;
    private readonly ConsulHttpApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConsulAvailability _availability;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly HashSet<string> _loggedOnce = [];
    private readonly Lock _gate = new();

    private IReadOnlyList<BridgeRecord> _current = BridgeSets.Empty;
    private Task? _watch;
    private int _disposed;

    // Registration state, guarded by _writeGate.
    private BridgeRecord? _self;
    private bool _registered;
    private bool _registeredDraining;
    private CancellationTokenSource? _heartbeatStop;
    private Task? _heartbeat;

    /// <param name="http">A client for the Consul agent (a typed client); its base address is not used, <see cref="ConsulRegistryOptions.Address"/> is.</param>
    public ConsulBridgeRegistry(HttpClient http, ConsulRegistryOptions options, ILogger<ConsulBridgeRegistry>? logger = null, TimeProvider? time = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Consul registry options: " + string.Join(" ", problems), nameof(options));
        }
        if (http.Timeout != Timeout.InfiniteTimeSpan && http.Timeout < options.WatchWait + options.WatchWait / 16 + TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException(
                $"The HttpClient's Timeout ({http.Timeout}) is shorter than a blocking watch ({options.WatchWait} plus Consul's jitter); "
                + "set it to Timeout.InfiniteTimeSpan (every call has its own deadline).", nameof(http));
        }
        _options = options;
        _api = new ConsulHttpApi(http, options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _availability = new ConsulAvailability(_logger, options.Address, _time);
    }

    /// <inheritdoc />
    public IReadOnlyList<BridgeRecord> Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <inheritdoc />
    public event Action<IReadOnlyList<BridgeRecord>>? Changed;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _watch ??= Task.Run(() => WatchLoopAsync(_lifetime.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="BridgeRegistryException">Consul refused the registration (ACL, malformed): retrying cannot help.</exception>
    public async Task RegisterAsync(BridgeRecord self, CancellationToken cancellationToken)
    {
        self.EnsureValid();
        var registration = ConsulServiceMapping.ToRegistration(self, _options);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _self = self;
            _registered = false;
            var result = await RegisterOnceAsync(registration, cancellationToken);
            if (result.Outcome == ConsulCallOutcome.Rejected)
            {
                _self = null;
                throw new BridgeRegistryException(
                    $"Consul at {_options.Address} refused to register bridge '{self.Id}' as service '{_options.ServiceName}': {result}. "
                    + "The ACL token needs service:write on that service.");
            }
            var backoff = new RetryBackoff(_options.InitialBackoff, _options.MaxBackoff);
            var firstDelay = _options.RefreshInterval;
            if (result.Outcome == ConsulCallOutcome.Unreachable)
            {
                // The heartbeat keeps trying: a bridge may start before its Consul agent. (When a heartbeat
                // already runs, it retries on its own schedule and the logged delay is the fresh schedule's.)
                firstDelay = backoff.NextDelay();
                _availability.Failed("register", result, Current.Count, firstDelay);
            }
            if (_heartbeat is null)
            {
                _heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
                var stop = _heartbeatStop.Token;
                _heartbeat = Task.Run(() => HeartbeatLoopAsync(firstDelay, backoff, stop), CancellationToken.None);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task UpdateAsync(double stress, bool draining, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(stress) || stress < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stress), stress, "Stress must be a finite number >= 0.");
        }
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_self is null)
            {
                throw new InvalidOperationException("UpdateAsync needs a registered bridge: call RegisterAsync first.");
            }
            _self = _self with { Stress = stress, Draining = draining };
            await RefreshLockedAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task DeregisterAsync(CancellationToken cancellationToken = default)
    {
        await StopHeartbeatAsync();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_self is not { } self)
            {
                return;
            }
            _self = null;
            _registered = false;
            var result = await _api.DeregisterAsync(self.Id, cancellationToken);
            if (result.IsOk || result.Outcome == ConsulCallOutcome.NotFound)
            {
                ConsulRegistryLog.Deregistered(_logger, self.Id);
            }
            else
            {
                ConsulRegistryLog.DeregisterFailed(_logger, self.Id, result.ToString());
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DeregisterAsync(cancellationToken);
        await _lifetime.CancelAsync();
        await AwaitQuietly(_watch);
    }

    /// <summary>Stops both loops without deregistering: to Consul this bridge simply goes silent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _lifetime.CancelAsync();
        await AwaitQuietly(_watch);
        await AwaitQuietly(_heartbeat);
        _heartbeatStop?.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>Cancels the heartbeat first (it may be inside a slow call holding the write gate), then waits for it.</summary>
    private async Task StopHeartbeatAsync()
    {
        var stop = _heartbeatStop;
        var heartbeat = _heartbeat;
        if (stop is not null)
        {
            await stop.CancelAsync();
        }
        await AwaitQuietly(heartbeat);
        await _writeGate.WaitAsync();
        try
        {
            if (ReferenceEquals(_heartbeat, heartbeat))
            {
                _heartbeat = null;
                _heartbeatStop = null;
                stop?.Dispose();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task AwaitQuietly(Task? task)
    {
        if (task is null)
        {
            return;
        }
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Logs an error-level line only the first time a given key is seen (a misconfiguration repeats on every retry).</summary>
    private bool FirstTime(string key)
    {
        lock (_gate)
        {
            return _loggedOnce.Add(key);
        }
    }
}
