using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>A logger that keeps every entry, so tests can count warnings by event id.</summary>
public sealed class CapturedLog<T> : ILogger<T>
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public sealed record Entry(LogLevel Level, EventId EventId, string Message);

    public IReadOnlyList<Entry> Entries => _entries.ToArray();

    public int Count(int eventId) => _entries.Count(e => e.EventId.Id == eventId);

    public IReadOnlyList<Entry> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level).ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception)));

    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Level} {e.EventId.Id} {e.Message}"));
}
