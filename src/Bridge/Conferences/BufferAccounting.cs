namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Bytes the bridge holds in per-source packet caches, so operators (and tests) can see that
/// memory returns when sessions end. Exposed in /api/stats and /metrics.
/// </summary>
public sealed class BufferAccounting
{
    private long _bytesInUse;

    public long BytesInUse => Interlocked.Read(ref _bytesInUse);

    public void Add(long bytes) => Interlocked.Add(ref _bytesInUse, bytes);

    public void Remove(long bytes) => Interlocked.Add(ref _bytesInUse, -bytes);
}
