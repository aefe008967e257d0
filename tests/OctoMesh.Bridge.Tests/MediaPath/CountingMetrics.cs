using System.Collections.Concurrent;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>Counts what the media stack reports, thread-safely, for assertions.</summary>
internal sealed class CountingMetrics : IMediaMetrics
{
    public ConcurrentDictionary<DropReason, int> Drops { get; } = new();

    public void PacketReceived(PacketClass kind, int bytes) { }

    public void PacketSent(PacketClass kind, int bytes) { }

    public void Dropped(DropReason reason) => Drops.AddOrUpdate(reason, 1, (_, count) => count + 1);

    public void DtlsFailed(string reason) { }

    public void ConsentExpired() { }

    public override string ToString() => Drops.IsEmpty ? "no drops" : string.Join(", ", Drops.Select(d => $"{d.Key}: {d.Value}"));
}
