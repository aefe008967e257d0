namespace OctoMesh.Geo.Discovery;

/// <summary>One registry's view of an <see cref="InProcessBridgeList"/>.</summary>
internal sealed class InProcessBridgeStore(InProcessBridgeList list) : IEmbeddedBridgeStore
{
    private bool _watching;

    public event Action? Changed;

    public void StartWatching()
    {
        if (!_watching)
        {
            _watching = true;
            list.Changed += OnListChanged;
        }
    }

    public EmbeddedStoreRead Read() => new(list.Snapshot(), [], null);

    public Task UpsertAsync(BridgeRecord record, CancellationToken cancellationToken)
    {
        list.Upsert(record);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        list.Remove(id);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        list.Changed -= OnListChanged;
    }

    private void OnListChanged() => Changed?.Invoke();
}
