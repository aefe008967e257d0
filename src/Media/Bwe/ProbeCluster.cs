namespace OctoMesh.Media.Bwe;

/// <summary>
/// A short burst sent at <see cref="Bitrate"/> to find out whether more fits than the estimate says: about
/// <see cref="Bytes"/> over <see cref="DurationUs"/>, in packets the sender marks with <see cref="Id"/>.
/// </summary>
public readonly record struct ProbeCluster(int Id, long Bitrate)
{
    /// <summary>How long a cluster lasts (libwebrtc uses 15 ms at least; longer smooths a token bucket's burst).</summary>
    public const long DurationUs = 40_000;

    /// <summary>Fewer received packets than this measure nothing.</summary>
    public const int MinPackets = 5;

    public int Bytes => (int)(Bitrate * DurationUs / 8 / 1_000_000);
}
