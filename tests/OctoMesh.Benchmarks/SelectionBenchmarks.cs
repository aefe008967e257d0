using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Benchmarks;

/// <summary>
/// One routing decision among 1,000 bridges (issue 4: p99 under 50 µs, allocations minimal). Requests are built up
/// front and cycled, so the figures are the selector's alone. The clock is frozen so the join ledger and cool-downs
/// keep the state seeded here for the whole run. P95/P99 are over iterations (each the mean of many decisions);
/// `simulate-routes --bridges 1000` reports per-decision percentiles.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class SelectionBenchmarks
{
    private const int BridgeCount = 1000;
    private const int RequestCount = 1024;

    private BridgeSelector _selector = null!;
    private RouteRequest[] _geoRequests = null!;
    private RouteRequest[] _rttRequests = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var bridges = new BridgeCandidate[BridgeCount];
        for (var i = 0; i < bridges.Length; i++)
        {
            bridges[i] = new BridgeCandidate($"bridge-{i:0000}", $"region-{i % 40}", random.NextDouble() * 140 - 60, random.NextDouble() * 360 - 180, "1")
            {
                Stress = random.NextDouble() * 0.9,
                Draining = random.Next(50) == 0,
                Healthy = random.Next(100) != 0,
            };
        }

        _selector = new BridgeSelector(new SelectionOptions { CountDecisionsAsJoins = false }, new FrozenClock());
        for (var i = 0; i < 20; i++)
            _selector.ReportFailure(bridges[random.Next(BridgeCount)].Id);
        for (var i = 0; i < 200; i++)
            _selector.RecordJoin(bridges[random.Next(BridgeCount)].Id, $"room-{random.Next(64)}");

        _geoRequests = new RouteRequest[RequestCount];
        _rttRequests = new RouteRequest[RequestCount];
        for (var i = 0; i < RequestCount; i++)
        {
            var room = $"room-{random.Next(64)}";
            var roomParticipants = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = random.Next(4); j > 0; j--)
                roomParticipants[bridges[random.Next(BridgeCount)].Id] = random.Next(1, 30);
            _geoRequests[i] = new RouteRequest
            {
                Room = room,
                Candidates = bridges,
                GeoIpLocation = new GeoCoordinate(random.NextDouble() * 140 - 60, random.NextDouble() * 360 - 180),
                RoomParticipants = roomParticipants,
            };
            _rttRequests[i] = _geoRequests[i] with
            {
                Rtts = [.. Enumerable.Range(0, 8).Select(_ => new RttSample(bridges[random.Next(BridgeCount)].Id, random.NextDouble() * 200))],
            };
        }
    }

    [Benchmark(Description = "Select among 1,000 bridges (geolocated client, room on a few bridges)")]
    public BridgeCandidate? SelectGeolocated() => _selector.Select(_geoRequests[_next++ & (RequestCount - 1)]).Bridge;

    [Benchmark(Description = "Select among 1,000 bridges (8 measured RTTs)")]
    public BridgeCandidate? SelectWithRtt() => _selector.Select(_rttRequests[_next++ & (RequestCount - 1)]).Bridge;

    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 1_000_000_000;
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig()
        {
            AddColumn(StatisticColumn.P95);
            AddColumn(new PercentileColumn(99));
        }
    }

    /// <summary>BenchmarkDotNet ships P0…P100 columns in steps that skip 99; this adds it from the same statistics.</summary>
    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"{nameof(PercentileColumn)}.P{percentile}";
        public string ColumnName => $"P{percentile}";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => percentile;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => $"Percentile {percentile}: {percentile}% of iterations took less than this";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null)
                return "NA";
            var nanoseconds = statistics.Percentiles.Percentile(percentile);
            return (nanoseconds / 1000).ToString("N3", System.Globalization.CultureInfo.InvariantCulture) + " μs";
        }
    }
}
