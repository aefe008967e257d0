using OctoMesh.Media.Transport;

namespace OctoMesh.Benchmarks;

/// <summary>
/// Media counters for a benchmark rig, so a run that silently stopped sending (a closed transport,
/// a refused datagram) fails instead of reporting a fast no-op. Plain fields: a benchmark sends from
/// one thread, and an interlocked add per packet would be cost the production sink does not have.
/// </summary>
internal sealed class CountingMediaMetrics : IMediaMetrics
{
    public long PacketsSent { get; private set; }

    public long Drops { get; private set; }

    public DropReason? LastDropReason { get; private set; }

    public void PacketReceived(PacketClass kind, int bytes) { }

    public void PacketSent(PacketClass kind, int bytes) => PacketsSent++;

    public void Dropped(DropReason reason)
    {
        Drops++;
        LastDropReason = reason;
    }

    public void DtlsFailed(string reason) { }

    public void ConsentExpired() { }
}
