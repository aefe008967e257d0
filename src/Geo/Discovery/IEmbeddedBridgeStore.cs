namespace OctoMesh.Geo.Discovery;

/// <summary>Where an <see cref="EmbeddedBridgeRegistry"/> keeps the shared entries: a process-wide list or a JSON file.</summary>
internal interface IEmbeddedBridgeStore : IDisposable
{
    /// <summary>Raised when the entries may have changed (a write, a file-system notification).</summary>
    event Action? Changed;

    /// <summary>Begins raising <see cref="Changed"/> for changes made by others.</summary>
    void StartWatching();

    /// <summary>The entries as stored now, or why they cannot be read.</summary>
    EmbeddedStoreRead Read();

    /// <summary>Adds or replaces the entry with <paramref name="record"/>'s id.</summary>
    Task UpsertAsync(BridgeRecord record, CancellationToken cancellationToken);

    /// <summary>Removes the entry with <paramref name="id"/>, if any.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);
}
