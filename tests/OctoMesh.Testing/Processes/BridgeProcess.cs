using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using OctoMesh.Testing.Namespaces;

namespace OctoMesh.Testing.Processes;

/// <summary>
/// A bridge in its own process (<c>dotnet OctoMesh.Bridge.dll ...</c>), as an operator runs one;
/// its HTTP address is read from the "Now listening on" log line. Disposing kills it (SIGKILL) if it is still running.
/// </summary>
/// <remarks>
/// The dll is started directly, not through <c>dotnet run</c>, so <see cref="Id"/> is the bridge itself and a signal
/// sent to it reaches the bridge. Standard input is a pipe closed at once, so the bridge never shares the test host's.
/// Both output streams are read asynchronously line by line from the start: a child blocked on a full pipe, or a
/// test blocked reading a stream that only ends when the child exits, is how a process test hangs instead of failing.
/// </remarks>
public sealed class BridgeProcess : IAsyncDisposable
{
    /// <summary>How long disposal waits for the process to go after SIGKILL.</summary>
    private static readonly TimeSpan KillDeadline = TimeSpan.FromSeconds(10);

    private const string ListeningMarker = "Now listening on: ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<Uri> _listeningAddresses = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _firstStandardOutputLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BridgeProcess(Process process) => _process = process;

    /// <summary>The first <c>http://</c> address the bridge reported (set by <see cref="StartAsync"/>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The process id of the bridge (the <c>dotnet</c> host running it).</summary>
    public int Id => _process.Id;

    /// <summary>Standard output and standard error, interleaved in the order the lines arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Every address a "Now listening on" log line has reported so far (HTTP and gRPC, one per host).</summary>
    public IReadOnlyList<Uri> ListeningAddresses
    {
        get
        {
            lock (_output)
            {
                return [.. _listeningAddresses];
            }
        }
    }

    /// <summary>
    /// Starts a bridge and waits until it reports its HTTP address; in <paramref name="networkNamespace"/> when given
    /// (<c>ip netns exec</c>, which execs, so the process is the bridge itself and signals reach it).
    /// </summary>
    public static async Task<BridgeProcess> StartAsync(IEnumerable<string> arguments, TimeSpan deadline, string? networkNamespace = null)
    {
        var bridge = Start(arguments, networkNamespace);
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            bridge.BaseAddress = await bridge._listening.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await bridge.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"The bridge process did not report an HTTP address within {deadline}:{Environment.NewLine}{bridge.Output}");
        }

        bridge.Http = new HttpClient { BaseAddress = bridge.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return bridge;
    }

    /// <summary>Starts <c>dotnet OctoMesh.Bridge.dll <paramref name="arguments"/></c> without waiting for anything.</summary>
    public static BridgeProcess Start(IEnumerable<string> arguments, string? networkNamespace = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryLayout.BridgeProjectDirectory, "bin", configuration, "net10.0", "OctoMesh.Bridge.dll");
        if (!File.Exists(dll))
        {
            throw new Xunit.Sdk.XunitException($"The bridge is not built at {dll}; build src/Bridge first.");
        }

        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in (string[])["netns", "exec", networkNamespace, "dotnet"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var bridge = new BridgeProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        bridge._process.StandardInput.Close();
        bridge._process.OutputDataReceived += (_, e) => bridge.OnStandardOutputLine(e.Data);
        bridge._process.ErrorDataReceived += (_, e) => bridge.OnLine(e.Data);
        bridge._process.BeginOutputReadLine();
        bridge._process.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>
    /// The first line the bridge writes to standard output, or a failure carrying everything captured
    /// if none comes within <paramref name="deadline"/> (or the process exits first).
    /// </summary>
    public async Task<string> FirstStandardOutputLineAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            return await _firstStandardOutputLine.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The bridge process wrote no line to standard output within {deadline}{Describe()}");
        }
        catch (EndOfStreamException)
        {
            throw new Xunit.Sdk.XunitException($"The bridge process closed standard output before writing a line{Describe()}");
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does (unlike <see cref="Process.Kill()"/>, which is SIGKILL).</summary>
    public void Terminate() => Signal(NativeMethods.SignalTerminate, "SIGTERM");

    /// <summary>Sends SIGSTOP: every thread of the process stops being scheduled, as on a host starved of CPU.</summary>
    public void Pause() => Signal(NativeMethods.SignalStop, "SIGSTOP");

    /// <summary>Sends SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(NativeMethods.SignalContinue, "SIGCONT");

    private void Signal(int signal, string name)
    {
        if (NativeMethods.kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code once the process has exited and its output is drained, or null if it is still running at <paramref name="deadline"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The process's state and everything it wrote, for a failure message.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"still running as pid {_process.Id}";
        return $"; the process is {state}; its output:{Environment.NewLine}{Output}";
    }

    private void OnStandardOutputLine(string? line)
    {
        if (line is null)
        {
            _firstStandardOutputLine.TrySetException(new EndOfStreamException());
            return;
        }

        _firstStandardOutputLine.TrySetResult(line);
        OnLine(line);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
        var address = at >= 0 ? new Uri(line[(at + ListeningMarker.Length)..].Trim().TrimEnd('/') + "/") : null;
        lock (_output)
        {
            _output.AppendLine(line);
            if (address is not null)
            {
                _listeningAddresses.Add(address);
            }
        }

        if (address is { Scheme: "http" })
        {
            _listening.TrySetResult(address);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(KillDeadline);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The process is killed; only its output streams are still open (a grandchild holding them).
                // Not waiting longer keeps a failing test from hanging the test host.
            }
        }

        _process.Dispose();
    }
}
