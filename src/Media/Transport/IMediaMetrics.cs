namespace OctoMesh.Media.Transport;

/// <summary>
/// Counters the media stack reports; the host maps them to Prometheus.
/// Implementations must be cheap and thread-safe: they are called per packet.
/// </summary>
public interface IMediaMetrics
{
    void PacketReceived(PacketClass kind, int bytes);

    void PacketSent(PacketClass kind, int bytes);

    void Dropped(DropReason reason);

    void DtlsFailed(string reason);

    void ConsentExpired();

    /// <summary>A metrics sink that counts nothing, for tests and tools.</summary>
    public static IMediaMetrics None { get; } = new NoMediaMetrics();

    private sealed class NoMediaMetrics : IMediaMetrics
    {
        public void PacketReceived(PacketClass kind, int bytes) { }

        public void PacketSent(PacketClass kind, int bytes) { }

        public void Dropped(DropReason reason) { }

        public void DtlsFailed(string reason) { }

        public void ConsentExpired() { }
    }
}
