namespace OctoMesh.Media.Transport.Batching;

/// <summary>
/// Batches the media-port sends of a thread that is not one of the port's receive threads, the relay's receive
/// thread fanning a relayed packet out to local viewers: inside <see cref="Begin"/> the thread's sends to this
/// port's transports are protected straight into one <see cref="SendBatch"/> and leave together in one
/// <c>sendmmsg(2)</c> when the scope ends, as a receive thread's do. Order per stream holds as on a receive thread:
/// a relayed stream arrives on one relay thread. On a thread that already batches (a receive thread), or while
/// another thread holds the batch, or where batched I/O is off, the scope does nothing and sends go out one by one.
/// </summary>
public sealed class ForeignSendBatcher : IDisposable
{
    private readonly SendBatch? _batch;
    private int _inUse;

    internal ForeignSendBatcher(SendBatch? batch) => _batch = batch;

    /// <summary>Starts batching the calling thread's sends; dispose the scope to send them.</summary>
    public Scope Begin()
    {
        if (_batch is null || SendBatch.Current is not null || Interlocked.CompareExchange(ref _inUse, 1, 0) != 0)
        {
            return default;
        }

        _batch.BindToCurrentThread();
        return new Scope(this);
    }

    private void End()
    {
        try
        {
            _batch!.UnbindFromCurrentThread(); // flushes
        }
        finally
        {
            Volatile.Write(ref _inUse, 0);
        }
    }

    /// <summary>Frees the batch; call once no scope is open (the relay's receive thread has stopped).</summary>
    public void Dispose() => _batch?.Dispose();

    /// <summary>A batching span on one thread, never across an <c>await</c>: its sends leave when it is disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ForeignSendBatcher? _owner;

        internal Scope(ForeignSendBatcher owner) => _owner = owner;

        public void Dispose() => _owner?.End();
    }
}
