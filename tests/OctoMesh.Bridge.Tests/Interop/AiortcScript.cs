using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Sdk;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.Interop;

/// <summary>
/// One run of a <c>tests/interop</c> script under Debian's Python, whose python3-aiortc is a
/// WebRTC implementation independent of both the bridge and Chromium. The script reports
/// progress as JSON lines on stdout (<see cref="AiortcEvent"/>); its stderr (SDP offers and
/// answers, connection states, tracebacks) is kept for failure messages. Disposing it kills the
/// script if it is still running.
/// </summary>
public sealed class AiortcScript : IAsyncDisposable
{
    /// <summary>
    /// Debian's interpreter, named explicitly: the python3 first on PATH may be another installation
    /// (pyenv) that cannot see the apt-installed python3-aiortc.
    /// </summary>
    public const string DebianPython = "/usr/bin/python3";

    private const string InstallHint =
        "The interop tests need Debian's python3-aiortc: run `apt-get update && apt-get install -y python3-aiortc` " +
        $"(it must import under {DebianPython}, not a pyenv or venv python).";

    private const int StderrLinesKept = 400;
    private static readonly TimeSpan ImportCheckDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillDeadline = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Channel<AiortcEvent> _events = Channel.CreateUnbounded<AiortcEvent>();
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AiortcScript(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    /// <summary>Where the scripts live: <c>tests/interop</c> of the checkout.</summary>
    public static string ScriptDirectory { get; } =
        Path.GetFullPath(Path.Combine(RepositoryLayout.BridgeProjectDirectory, "..", "..", "tests", "interop"));

    /// <summary>Fails the test with the install command when Debian's Python cannot import aiortc.</summary>
    public static async Task RequireAiortcAsync()
    {
        if (!File.Exists(DebianPython))
        {
            throw new XunitException($"{DebianPython} is missing. {InstallHint}");
        }

        var start = new ProcessStartInfo(DebianPython, ["-c", "import aiortc, aioice, av; print(aiortc.__version__)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var check = Process.Start(start)
            ?? throw new XunitException($"Could not start {DebianPython}. {InstallHint}");
        var output = check.StandardOutput.ReadToEndAsync();
        var error = check.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ImportCheckDeadline);
        try
        {
            await check.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            check.Kill(entireProcessTree: true);
            throw new XunitException($"`{DebianPython} -c \"import aiortc\"` did not finish within {ImportCheckDeadline.TotalSeconds} s.");
        }

        if (check.ExitCode != 0)
        {
            throw new XunitException(
                $"`{DebianPython} -c \"import aiortc\"` failed (exit {check.ExitCode}): {(await error).Trim()}{Environment.NewLine}{InstallHint}");
        }
    }

    /// <summary>Starts <paramref name="script"/> (a file in <see cref="ScriptDirectory"/>) with <paramref name="arguments"/>.</summary>
    public static AiortcScript Start(string script, params string[] arguments)
    {
        var path = Path.Combine(ScriptDirectory, script);
        if (!File.Exists(path))
        {
            throw new XunitException($"The interop script {path} is missing.");
        }

        var start = new ProcessStartInfo(DebianPython)
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Lines must arrive as they are printed, and only Debian's packages may be imported.
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var run = new AiortcScript(process, $"{DebianPython} {script} {string.Join(' ', arguments)}");
        process.OutputDataReceived += (_, line) => run.OnStdout(line.Data);
        process.ErrorDataReceived += (_, line) => run.OnStderr(line.Data);
        if (!process.Start())
        {
            throw new XunitException($"Could not start {run.Description}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The script's stdout and stderr so far, for failure messages.</summary>
    public string Transcript =>
        $"{Description} ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "still running")})" +
        $"{Environment.NewLine}--- stdout ---{Environment.NewLine}{string.Join(Environment.NewLine, _stdout.TakeLast(20))}" +
        $"{Environment.NewLine}--- stderr ---{Environment.NewLine}{string.Join(Environment.NewLine, _stderr)}";

    /// <summary>
    /// Waits for the next event named <paramref name="name"/>, skipping others. Fails at once on an
    /// "error" event or when the script exits first, and after <paramref name="deadline"/>; the
    /// failure carries the script's output and <paramref name="context"/>'s account of the other side.
    /// </summary>
    public async Task<AiortcEvent> WaitForEventAsync(string name, TimeSpan deadline, Func<Task<string>>? context = null)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await foreach (var received in _events.Reader.ReadAllAsync(timeout.Token))
            {
                if (received.Name == name)
                {
                    return received;
                }
                if (received.Name == AiortcEvent.Error)
                {
                    throw await FailureAsync($"waiting for '{name}', the script reported {received}", context);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw await FailureAsync($"timed out after {deadline.TotalSeconds:0.#} s waiting for its '{name}' event", context);
        }

        throw await FailureAsync($"it ended without a '{name}' event", context);
    }

    /// <summary>Writes a line to the script's stdin (the publisher takes it as "stop now").</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the script to exit with code 0 within <paramref name="deadline"/>; kills it otherwise.</summary>
    public async Task WaitForSuccessAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw await FailureAsync($"it did not exit within {deadline.TotalSeconds:0.#} s and was killed", context: null);
        }

        if (_process.ExitCode != 0)
        {
            throw await FailureAsync($"it exited with code {_process.ExitCode}", context: null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(KillDeadline);
        await _process.WaitForExitAsync(timeout.Token);
    }

    private async Task<XunitException> FailureAsync(string what, Func<Task<string>>? context)
    {
        // The events channel completes when stdout closes; give stderr the same chance to be read in full.
        if (_process.HasExited)
        {
            await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(KillDeadline));
        }
        var other = context is null ? "" : $"{Environment.NewLine}{await context()}";
        return new XunitException($"aiortc script: {what}.{Environment.NewLine}{Transcript}{other}");
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _events.Writer.TryComplete();
            _stdoutClosed.TrySetResult();
            return;
        }
        _stdout.Enqueue(line);
        if (AiortcEvent.TryParse(line) is { } received)
        {
            _events.Writer.TryWrite(received);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }
        _stderr.Enqueue(line);
        while (_stderr.Count > StderrLinesKept && _stderr.TryDequeue(out _))
        {
        }
    }
}
