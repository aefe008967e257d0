namespace OctoMesh.Media.Tests.Bwe;

/// <summary>
/// A bottleneck in virtual time: a FIFO drained at <see cref="Bitrate"/>, a drop-tail queue of at most
/// <see cref="MaxQueueUs"/> of waiting, then a fixed propagation delay; optionally a random loss on top (a lossy
/// radio hop). What a tc tbf shaper with a limit, and the path behind it, do to packets.
/// </summary>
internal sealed class SimulatedLink(long bitrate, long propagationUs = 20_000, long maxQueueUs = 300_000, double randomLoss = 0, int seed = 1)
{
    private readonly Random _random = new(seed);
    private long _busyUntilUs;

    public long Bitrate { get; set; } = bitrate;

    public long MaxQueueUs { get; } = maxQueueUs;

    /// <summary>When a packet of <paramref name="size"/> bytes sent at <paramref name="nowUs"/> arrives, or null if dropped.</summary>
    public long? Send(int size, long nowUs)
    {
        var start = Math.Max(nowUs, _busyUntilUs);
        if (start - nowUs > MaxQueueUs)
        {
            return null;
        }

        _busyUntilUs = start + (size * 8L * 1_000_000 / Bitrate);
        if (randomLoss > 0 && _random.NextDouble() < randomLoss)
        {
            return null;
        }

        return _busyUntilUs + propagationUs;
    }
}
