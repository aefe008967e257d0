using OctoMesh.Media.Transport;
using Prometheus;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The media stack's counters in Prometheus form. Each bridge host has its own registry, so several
/// bridges in one process (tests, the demo) keep separate numbers. Label children are resolved once.
/// </summary>
public sealed class PrometheusMediaMetrics : IMediaMetrics
{
    private readonly Counter.Child[] _packetsIn;
    private readonly Counter.Child[] _bytesIn;
    private readonly Counter.Child[] _packetsOut;
    private readonly Counter.Child[] _bytesOut;
    private readonly Counter.Child[] _drops;
    private readonly Counter _dtlsFailures;
    private readonly Counter _consentExpiries;

    public PrometheusMediaMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var packets = factory.CreateCounter("octomesh_media_packets_total", "Datagrams on the media port by direction and kind.", "direction", "kind");
        var bytes = factory.CreateCounter("octomesh_media_bytes_total", "Bytes on the media port by direction and kind.", "direction", "kind");
        var drops = factory.CreateCounter("octomesh_media_dropped_total", "Datagrams the media port dropped, by reason.", "reason");
        _dtlsFailures = factory.CreateCounter("octomesh_dtls_failures_total", "DTLS handshakes that failed.", "reason");
        _consentExpiries = factory.CreateCounter("octomesh_ice_consent_expired_total", "Sessions closed because ICE consent expired (RFC 7675).");

        var kinds = Enum.GetValues<PacketClass>();
        _packetsIn = [.. kinds.Select(k => packets.WithLabels("in", Label(k)))];
        _bytesIn = [.. kinds.Select(k => bytes.WithLabels("in", Label(k)))];
        _packetsOut = [.. kinds.Select(k => packets.WithLabels("out", Label(k)))];
        _bytesOut = [.. kinds.Select(k => bytes.WithLabels("out", Label(k)))];
        _drops = [.. Enum.GetValues<DropReason>().Select(r => drops.WithLabels(SnakeCase(r.ToString())))];
    }

    public void PacketReceived(PacketClass kind, int bytes)
    {
        _packetsIn[(int)kind].Inc();
        _bytesIn[(int)kind].Inc(bytes);
    }

    public void PacketSent(PacketClass kind, int bytes)
    {
        _packetsOut[(int)kind].Inc();
        _bytesOut[(int)kind].Inc(bytes);
    }

    public void Dropped(DropReason reason) => _drops[(int)reason].Inc();

    public void DtlsFailed(string reason) => _dtlsFailures.WithLabels(reason).Inc();

    public void ConsentExpired() => _consentExpiries.Inc();

    private static string Label(PacketClass kind) => kind.ToString().ToLowerInvariant();

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
