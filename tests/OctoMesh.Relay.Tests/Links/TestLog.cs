using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>
/// Logger provider for one test host: writes everything to the test output (prefixed with the
/// bridge id) and keeps errors, so a test fails on an error nobody expected (after grpc-dotnet's
/// VerifyNoErrorsScope).
/// </summary>
public sealed class TestLog(string name, ITestOutputHelper output) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, EventId eventId, string text, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} [{name}] {level} {category}[{eventId.Id}] {text}"
            + (exception is null ? "" : $" {exception.GetType().Name}: {exception.Message}");
        if (level >= LogLevel.Error)
        {
            _errors.Enqueue(line);
        }
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (a late shutdown message).
        }
    }

    private sealed class CategoryLogger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("OctoMesh", StringComparison.Ordinal) ? LogLevel.Debug : LogLevel.Information);

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
