using System.Collections.Concurrent;
using OctoMesh.Media.Transport;

namespace OctoMesh.Media.Tests.Transport;

/// <summary>Counts what the media stack reports, thread-safely, for assertions.</summary>
internal sealed class CountingMetrics : IMediaMetrics
{
    private long _sent;

    public ConcurrentDictionary<DropReason, int> Drops { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public void PacketReceived(PacketClass kind, int bytes) { }

    public void PacketSent(PacketClass kind, int bytes) => Interlocked.Increment(ref _sent);

    public void Dropped(DropReason reason) => Drops.AddOrUpdate(reason, 1, (_, count) => count + 1);

    public void DtlsFailed(string reason) { }

    public void ConsentExpired() { }
}
