using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OctoMesh.Testing.Browser;

/// <summary>
/// A page in its own browser context, with the console output it produced kept for failure
/// messages. Disposing it closes the context, which is what closing the tab does to a user's
/// WebSocket and PeerConnections.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private const int ConsoleLinesKept = 200;
    private readonly ConcurrentQueue<string> _console = new();
    private bool _closed;

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) => Remember($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Remember($"page error: {error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The page's console output so far, one line per message, for failure messages.</summary>
    public string ConsoleText => string.Join(Environment.NewLine, _console);

    /// <summary>Evaluates a JavaScript expression or function in the page.</summary>
    public Task<T> EvaluateAsync<T>(string script, object? argument = null) => Page.EvaluateAsync<T>(script, argument);

    /// <summary>Closes the tab (and its context), as a user leaving would.</summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        await Context.CloseAsync();
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private void Remember(string line)
    {
        _console.Enqueue(line);
        while (_console.Count > ConsoleLinesKept && _console.TryDequeue(out _))
        {
        }
    }
}
