using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The registry for one machine, no Consul needed: either a list shared in-process
/// (<see cref="InProcess"/>, for the <c>demo</c> command's three bridges) or a JSON file shared by
/// separate bridge processes (<see cref="FromFile"/>).
/// </summary>
/// <remarks>
/// <para>Registry file format (UTF-8 JSON, camelCase, comments and trailing commas allowed):</para>
/// <code>
/// {
///   "bridges": [
///     {
///       "id": "eu-1",                        // letters, digits, '.', '_', '-'; unique
///       "region": "eu-west",
///       "latitude": 51.5074, "longitude": -0.1278,
///       "version": "0.4.0",
///       "httpUrl": "https://eu-1.example.org/",          // public HTTP(S) URL: pages, WHIP/WHEP, /api/route
///       "mediaAddress": "203.0.113.10:10000",            // browsers' UDP media port, host:port
///       "relayEndpoint": "203.0.113.10:51820",           // WireGuard relay UDP, host:port
///       "grpcEndpoint": "https://203.0.113.10:7443/",    // mesh gRPC, https
///       "wireGuardPublicKey": "base64 of 32 bytes",
///       "tlsCertificateSha256": "64 hex digits",
///       "draining": false,
///       "stress": 0.12,
///       "lastSeen": "2025-01-01T12:00:00+00:00"          // omit for a static, always-listed entry
///     }
///   ]
/// }
/// </code>
/// <para>A registered bridge rewrites its own entry every <see cref="EmbeddedRegistryOptions.RefreshInterval"/>
/// with a new <c>lastSeen</c> (atomically: temporary file + rename, serialised by <c>&lt;file&gt;.lock</c>);
/// an entry is healthy while its <c>lastSeen</c> is within <see cref="EmbeddedRegistryOptions.HealthDeadline"/>
/// (3 x refresh by default), so a bridge that dies leaves every set within that deadline. Entries without
/// <c>lastSeen</c> are static: written by hand, always listed. The file is watched (debounced) and polled;
/// a file that does not parse keeps the last good set and is reported once; invalid entries are skipped and
/// reported once each.</para>
/// </remarks>
public sealed class EmbeddedBridgeRegistry : IBridgeRegistry
{
    private readonly IEmbeddedBridgeStore _store;
    private readonly EmbeddedRegistryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    // Lock order: _reloadGate before _gate; nothing that can reach Reload runs while holding _gate.
    private readonly Lock _gate = new();
    private readonly Lock _reloadGate = new();
    private readonly HashSet<string> _reportedEntries = [];

    private IReadOnlyList<BridgeRecord> _current = BridgeSets.Empty;
    private IReadOnlyList<BridgeRecord> _lastGood = BridgeSets.Empty;
    private string? _reportedError;
    private ITimer? _poll;
    private ITimer? _debounce;
    private ITimer? _heartbeat;
    private BridgeRecord? _self;
    private bool _stopped;
    private int _reloads;
    private Task _heartbeatWrite = Task.CompletedTask;

    private EmbeddedBridgeRegistry(IEmbeddedBridgeStore store, EmbeddedRegistryOptions? options, ILogger? logger, TimeProvider? time)
    {
        _options = options ?? new EmbeddedRegistryOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
        _store = store;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A registry over a list shared by every bridge of this process.</summary>
    public static EmbeddedBridgeRegistry InProcess(InProcessBridgeList list, EmbeddedRegistryOptions? options = null, ILogger? logger = null, TimeProvider? time = null) =>
        new(new InProcessBridgeStore(list), options, logger, time);

    /// <summary>A registry over the JSON file at <paramref name="path"/> (created on first registration; its directory must exist).</summary>
    public static EmbeddedBridgeRegistry FromFile(string path, EmbeddedRegistryOptions? options = null, ILogger? logger = null, TimeProvider? time = null) =>
        new(new JsonFileBridgeStore(path), options, logger, time);

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

    /// <summary>How many times the store has been read (tests wait on it instead of sleeping).</summary>
    internal int Reloads => Volatile.Read(ref _reloads);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_poll is not null)
            {
                return Task.CompletedTask;
            }
            _debounce = _time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _poll = _time.CreateTimer(_ => Reload(), null, _options.EffectivePollInterval, _options.EffectivePollInterval);
        }
        _store.Changed += OnStoreChanged;
        _store.StartWatching();
        Reload();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RegisterAsync(BridgeRecord self, CancellationToken cancellationToken)
    {
        self.EnsureValid();
        lock (_gate)
        {
            _self = self with { Healthy = true, LastSeen = _time.GetUtcNow() };
            _heartbeat ??= _time.CreateTimer(_ => StartHeartbeat(), null, _options.RefreshInterval, _options.RefreshInterval);
        }
        await WriteSelfAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task UpdateAsync(double stress, bool draining, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(stress) || stress < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stress), stress, "Stress must be a finite number >= 0.");
        }
        lock (_gate)
        {
            _self = (_self ?? throw new InvalidOperationException("UpdateAsync needs a registered bridge: call RegisterAsync first."))
                with { Stress = stress, Draining = draining, LastSeen = _time.GetUtcNow() };
        }
        await WriteSelfAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task DeregisterAsync(CancellationToken cancellationToken = default)
    {
        BridgeRecord? self;
        lock (_gate)
        {
            self = _self;
            _self = null;
            _heartbeat?.Dispose();
            _heartbeat = null;
        }
        if (self is not null)
        {
            await _store.RemoveAsync(self.Id, cancellationToken);
            Reload();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DeregisterAsync(cancellationToken);
        await DisposeAsync();
    }

    /// <summary>Stops the timers and the watch without removing this bridge's entry (it goes stale, as after a crash).</summary>
    public async ValueTask DisposeAsync()
    {
        Task heartbeatWrite;
        lock (_gate)
        {
            _stopped = true;
            _heartbeat?.Dispose();
            _poll?.Dispose();
            _debounce?.Dispose();
            _heartbeat = _poll = _debounce = null;
            heartbeatWrite = _heartbeatWrite;
        }
        // A heartbeat already writing finishes first, so nothing touches the file after disposal.
        await heartbeatWrite;
        _store.Changed -= OnStoreChanged;
        _store.Dispose();
    }

    /// <summary>Timer callback: one heartbeat at a time (a slow write under the file lock must not pile up).</summary>
    private void StartHeartbeat()
    {
        lock (_gate)
        {
            if (_stopped || !_heartbeatWrite.IsCompleted)
            {
                return;
            }
            // Task.Run, not a direct call: the write ends in Reload, which takes _reloadGate then _gate; running it
            // inline here would take them in the opposite order and deadlock against the poll timer.
            _heartbeatWrite = Task.Run(HeartbeatAsync);
        }
    }

    private void OnStoreChanged()
    {
        // A file changes in pieces (an editor's save, our temp + rename): read once things settle.
        // In-process changes are whole and synchronous, so they are read at once.
        if (_store is JsonFileBridgeStore && _options.FileDebounce > TimeSpan.Zero)
        {
            lock (_gate)
            {
                _debounce?.Change(_options.FileDebounce, Timeout.InfiniteTimeSpan);
            }
            return;
        }
        Reload();
    }

    private async Task HeartbeatAsync()
    {
        lock (_gate)
        {
            if (_self is null || _stopped)
            {
                return;
            }
            _self = _self with { LastSeen = _time.GetUtcNow() };
        }
        try
        {
            await WriteSelfAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            EmbeddedRegistryLog.WriteFailed(_logger, _self?.Id ?? "?", e.Message);
        }
    }

    private async Task WriteSelfAsync(CancellationToken cancellationToken)
    {
        BridgeRecord? self;
        lock (_gate)
        {
            self = _self;
        }
        if (self is not null)
        {
            await _store.UpsertAsync(self, cancellationToken);
            Reload();
        }
    }

    /// <summary>Reads the store, keeps the last good entries if it is broken, and publishes the fresh ones.</summary>
    private void Reload()
    {
        lock (_reloadGate)
        {
            if (_stopped)
            {
                return;
            }
            var read = _store.Read();
            Interlocked.Increment(ref _reloads);
            if (read.Error is not null)
            {
                if (read.Error != _reportedError)
                {
                    _reportedError = read.Error;
                    EmbeddedRegistryLog.RegistryInvalid(_logger, Current.Count, read.Error);
                }
            }
            else
            {
                if (_reportedError is not null)
                {
                    _reportedError = null;
                    EmbeddedRegistryLog.RegistryValidAgain(_logger);
                }
                _lastGood = read.Records;
                foreach (var skipped in read.SkippedEntries)
                {
                    if (_reportedEntries.Add(skipped))
                    {
                        EmbeddedRegistryLog.EntrySkipped(_logger, skipped);
                    }
                }
            }
            var now = _time.GetUtcNow();
            var deadline = _options.EffectiveHealthDeadline;
            var set = BridgeSets.Ordered(_lastGood
                .Where(r => r.LastSeen == default || now - r.LastSeen <= deadline)
                .Select(r => r.Healthy ? r : r with { Healthy = true }));
            bool changed;
            lock (_gate)
            {
                changed = !BridgeSets.Equivalent(_current, set);
                _current = set;
            }
            if (changed)
            {
                EmbeddedRegistryLog.BridgeSetChanged(_logger, set.Count, string.Join(",", set.Select(r => r.Id)));
                Changed?.Invoke(set);
            }
        }
    }
}
