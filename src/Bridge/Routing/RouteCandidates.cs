using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Geo.Discovery;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// The bridges to route among: the registry's current set when this bridge has a registry (and it has heard of
/// anyone yet), else this bridge alone. Bridges that vanish from the registry without draining first (a crash, a
/// broken link: the health deadline passed) are reported to the selector as failed, so it avoids them for its
/// cool-down even if a stale view elsewhere still lists them.
/// </summary>
public sealed class RouteCandidates : IDisposable
{
    private readonly IBridgeRegistry? _registry;
    private readonly BridgeSelector _selector;
    private readonly ILogger<RouteCandidates> _logger;
    private readonly CandidateSet _selfOnly;
    private readonly Lock _lock = new();
    private IReadOnlyList<BridgeRecord>? _lastRecords;
    private CandidateSet? _lastSet;
    private Dictionary<string, bool> _liveDraining = new(StringComparer.Ordinal);

    public RouteCandidates(IOptions<BridgeIdentityOptions> options, BridgeSelector selector, ILogger<RouteCandidates> logger, IBridgeRegistry? registry = null)
    {
        var value = options.Value;
        SelfId = value.BridgeId;
        _selector = selector;
        _logger = logger;
        _registry = registry;
        var publicUrl = value.PublicUrl is null ? null : new Uri(value.PublicUrl);
        _selfOnly = new CandidateSet(
            [new BridgeCandidate(value.BridgeId, value.Region, value.Latitude, value.Longitude, BridgeVersion.Current)],
            new Dictionary<string, RoutableBridge>(StringComparer.Ordinal) { [value.BridgeId] = new(value.BridgeId, value.Region, publicUrl) });
        if (_registry is not null)
        {
            _registry.Changed += OnRegistryChanged;
            OnRegistryChanged(_registry.Current);
        }
    }

    /// <summary>This bridge's id.</summary>
    public string SelfId { get; }

    /// <summary>This bridge as it knows itself from its options (its URL only when <c>--public-url</c> is set).</summary>
    public RoutableBridge LocalSelf => _selfOnly.Bridges[SelfId];

    /// <summary>Whether routing follows a registry (a mesh) rather than this bridge alone.</summary>
    public bool HasRegistry => _registry is not null;

    /// <summary>The current candidates; the same instance until the registry changes.</summary>
    public CandidateSet Current()
    {
        var records = _registry?.Current;
        if (records is null || records.Count == 0)
        {
            return _selfOnly;
        }

        lock (_lock)
        {
            if (!ReferenceEquals(records, _lastRecords))
            {
                _lastSet = Build(records);
                _lastRecords = records;
            }

            return _lastSet!;
        }
    }

    private static CandidateSet Build(IReadOnlyList<BridgeRecord> records)
    {
        var candidates = new List<BridgeCandidate>(records.Count);
        var bridges = new Dictionary<string, RoutableBridge>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!GeoCoordinate.IsValid(record.Latitude, record.Longitude) || bridges.ContainsKey(record.Id))
            {
                continue; // The registry validates records; a bad one must still not break routing for everyone.
            }

            candidates.Add(new BridgeCandidate(record.Id, record.Region, record.Latitude, record.Longitude, record.Version)
            {
                Healthy = record.Healthy,
                Draining = record.Draining,
                Stress = double.IsFinite(record.Stress) && record.Stress >= 0 ? record.Stress : 0,
            });
            bridges[record.Id] = new RoutableBridge(record.Id, record.Region, record.HttpUrl);
        }

        return new CandidateSet([.. candidates], bridges);
    }

    private void OnRegistryChanged(IReadOnlyList<BridgeRecord> records)
    {
        var live = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Healthy)
            {
                live[record.Id] = record.Draining;
            }
        }

        Dictionary<string, bool> previous;
        lock (_lock)
        {
            previous = _liveDraining;
            _liveDraining = live;
        }

        foreach (var (id, wasDraining) in previous)
        {
            if (!live.ContainsKey(id) && !wasDraining && id != SelfId)
            {
                _selector.ReportFailure(id);
                RoutingLog.BridgeDropped(_logger, id);
            }
        }
    }

    public void Dispose()
    {
        if (_registry is not null)
        {
            _registry.Changed -= OnRegistryChanged;
        }
    }
}
