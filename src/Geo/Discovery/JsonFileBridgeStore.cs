using System.Text.Json;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The registry file shared by separate bridge processes. Writers serialise on a lock file beside it
/// (<c>&lt;file&gt;.lock</c>, opened exclusively) and replace the file atomically: write a temporary file
/// in the same directory, flush it to disk, rename it over the target (rename(2) is atomic on POSIX), so a
/// reader sees the old file or the new one, never half of one. Changes by others arrive through a
/// <see cref="FileSystemWatcher"/> on the directory (the registry also polls, because watchers miss events
/// on network and container file systems).
/// </summary>
internal sealed class JsonFileBridgeStore : IEmbeddedBridgeStore
{
    /// <summary>Largest registry file read; a bigger one is reported as broken rather than loaded.</summary>
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly string _lockPath;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private IReadOnlyList<BridgeRecord> _lastGood = BridgeSets.Empty;

    public JsonFileBridgeStore(string path)
    {
        _path = Path.GetFullPath(path);
        _lockPath = _path + ".lock";
        var directory = Path.GetDirectoryName(_path);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new ArgumentException($"The registry file's directory '{directory}' does not exist.", nameof(path));
        }
    }

    public string FilePath => _path;

    public event Action? Changed;

    public void StartWatching()
    {
        lock (_gate)
        {
            if (_watcher is not null)
            {
                return;
            }
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.EnableRaisingEvents = true;
        }
    }

    public EmbeddedStoreRead Read()
    {
        var read = ReadFile();
        if (read.Error is null)
        {
            lock (_gate)
            {
                _lastGood = read.Records;
            }
        }
        return read;
    }

    public Task UpsertAsync(BridgeRecord record, CancellationToken cancellationToken) =>
        RewriteAsync(entries =>
        {
            entries.RemoveAll(e => e.Id == record.Id);
            entries.Add(record);
        }, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        RewriteAsync(entries => entries.RemoveAll(e => e.Id == id), cancellationToken);

    public void Dispose()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Changed?.Invoke();

    private EmbeddedStoreRead ReadFile()
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                return new EmbeddedStoreRead(BridgeSets.Empty, [], null);
            }
            if (info.Length > MaxFileBytes)
            {
                return EmbeddedStoreRead.Broken($"{_path} is {info.Length} bytes, more than the {MaxFileBytes} accepted");
            }
            bytes = File.ReadAllBytes(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return EmbeddedStoreRead.Broken($"{_path} cannot be read: {e.Message}");
        }
        BridgeRegistryFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, RegistryFileJsonContext.Default.BridgeRegistryFile);
        }
        catch (JsonException e)
        {
            return EmbeddedStoreRead.Broken($"{_path} is not valid registry JSON: {e.Message}");
        }
        if (file?.Bridges is null)
        {
            return EmbeddedStoreRead.Broken($"{_path} has no \"bridges\" array (expected {{\"bridges\":[...]}})");
        }
        var records = new List<BridgeRecord>(file.Bridges.Count);
        var skipped = new List<string>();
        for (var i = 0; i < file.Bridges.Count; i++)
        {
            var parsed = file.Bridges[i]?.ToRecord(i) ?? BridgeRecordParse.Fail($"bridges[{i}] is null");
            if (parsed.Record is not { } record)
            {
                skipped.Add(parsed.Error!);
            }
            else if (records.Any(r => r.Id == record.Id))
            {
                skipped.Add($"bridges[{i}]: duplicate id '{record.Id}', the first entry wins");
            }
            else
            {
                records.Add(record);
            }
        }
        return new EmbeddedStoreRead(BridgeSets.Ordered(records), skipped, null);
    }

    /// <summary>Read-modify-write under the lock file; a broken file is rebuilt from the last good entries.</summary>
    private async Task RewriteAsync(Action<List<BridgeRecord>> change, CancellationToken cancellationToken)
    {
        await using var fileLock = await AcquireLockAsync(cancellationToken);
        var read = Read();
        List<BridgeRecord> entries;
        lock (_gate)
        {
            entries = [.. read.Error is null ? read.Records : _lastGood];
        }
        change(entries);
        var file = new BridgeRegistryFile { Bridges = BridgeSets.Ordered(entries).Select(BridgeFileEntry.From).ToList() };
        var temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, file, RegistryFileJsonContext.Default.BridgeRegistryFile, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        lock (_gate)
        {
            _lastGood = BridgeSets.Ordered(entries);
        }
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow - started < LockTimeout)
            {
                // Another bridge is writing: its critical section is a few milliseconds.
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
        }
    }
}
