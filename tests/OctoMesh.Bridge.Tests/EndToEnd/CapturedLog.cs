using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Keeps the bridge's warnings and errors so a failing end-to-end test can say what the server
/// complained about, next to what the browser showed.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private const int EntriesKept = 200;
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Warnings and errors logged so far, oldest first.</summary>
    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>The entries as text, or a note that there were none.</summary>
    public override string ToString() =>
        _entries.IsEmpty ? "(no warnings or errors logged)" : string.Join(Environment.NewLine, _entries);

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > EntriesKept && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class CategoryLogger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var error = exception is null ? "" : $" {exception.GetType().Name}: {exception.Message}";
            log.Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{error}");
        }
    }
}
