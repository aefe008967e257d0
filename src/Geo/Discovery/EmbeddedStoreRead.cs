namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Result of reading an embedded store: every valid entry, the entries skipped as invalid (with
/// why), or — when the whole store is unreadable (broken JSON) — only <see cref="Error"/>.
/// </summary>
internal readonly record struct EmbeddedStoreRead(IReadOnlyList<BridgeRecord> Records, IReadOnlyList<string> SkippedEntries, string? Error)
{
    public static EmbeddedStoreRead Broken(string error) => new(BridgeSets.Empty, [], error);
}
