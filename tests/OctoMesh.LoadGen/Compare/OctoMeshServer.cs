using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// An OctoMesh bridge in its own process (<c>dotnet OctoMesh.Bridge.dll</c>), so the kernel accounts its CPU time
/// apart from the load generator's: HTTP and media on loopback ports the system picks, logs on stderr (warnings,
/// plus the "Now listening on" line this reads the HTTP address from), no mesh. Ready once <c>/health</c>
/// answers; stopped with SIGTERM, then killed if it does not exit in time.
/// </summary>
public sealed class OctoMeshServer : ISfuServer
{
    private const string ListeningMarker = "Now listening on: ";
    private const int TailLines = 40;
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly OctoMeshServerOptions _options;
    private readonly ProcessOutputTail _output = new(TailLines);
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OctoMeshServer(Process process, OctoMeshServerOptions options)
    {
        _process = process;
        _options = options;
    }

    public string Name => SfuServers.OctoMeshName;

    public int ProcessId => _process.Id;

    /// <summary>The bridge's HTTP base address (WHIP, WHEP, <c>/health</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ISfuSignaling CreateSignaling(TimeSpan connectTimeout) => new WhipWhepSignaling(BaseAddress, connectTimeout);

    /// <summary>
    /// Starts the bridge and returns once it answers <c>/health</c>; throws <see cref="LoadRunException"/> with the
    /// tail of its output when it exits or does not become ready within <see cref="OctoMeshServerOptions.StartTimeout"/>.
    /// </summary>
    public static async Task<OctoMeshServer> StartAsync(OctoMeshServerOptions options, CancellationToken cancellationToken)
    {
        var assembly = Path.GetFullPath(options.BridgeAssembly);
        if (!File.Exists(assembly))
        {
            throw new LoadRunException(
                $"the bridge assembly {assembly} does not exist: build it with 'dotnet build -c Release tests/OctoMesh.LoadGen' or name it with --bridge-dll");
        }

        var start = new ProcessStartInfo(BridgeAssemblyLocation.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in Arguments().Concat(options.ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The operator's OCTOMESH_* settings (a registry, a port) belong to their own bridge, not to this one.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OCTOMESH_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LoadRunException($"{start.FileName} did not start");
        }
        catch (Win32Exception error)
        {
            throw new LoadRunException($"cannot start the bridge with {start.FileName}: {error.Message}");
        }

        var server = new OctoMeshServer(process, options);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static IEnumerable<string> Arguments() =>
    [
        "--urls", "http://127.0.0.1:0",
        "--media-bind", "127.0.0.1",
        "--media-port", "0",
        "--advertise-address", "127.0.0.1",
        "--log-to-stderr", "true",
        // Per-session information logs would be work Janus is not asked to do; keep warnings and the address line.
        "--Logging:LogLevel:Default", "Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
    ];

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (_process.HasExited)
        {
            _exited.TrySetResult();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartTimeout);
        try
        {
            var first = await Task.WhenAny(_listening.Task, _exited.Task).WaitAsync(deadline.Token).ConfigureAwait(false);
            if (first == _exited.Task)
            {
                throw new LoadRunException(await ExitedWhileStartingAsync().ConfigureAwait(false));
            }

            BaseAddress = await _listening.Task.ConfigureAwait(false);
            await PollHealthAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadRunException(
                $"the bridge (pid {_process.Id}) was not ready within {_options.StartTimeout.TotalSeconds:0.#} s: {_output.OneLine(5)}");
        }
    }

    private async Task PollHealthAsync(CancellationToken deadline)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (_exited.Task.IsCompleted)
            {
                throw new LoadRunException(await ExitedWhileStartingAsync().ConfigureAwait(false));
            }

            try
            {
                using var response = await http.GetAsync("health", deadline).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // This request timed out; the deadline has not passed.
            }

            await Task.Delay(HealthPollInterval, deadline).ConfigureAwait(false);
        }
    }

    private async Task<string> ExitedWhileStartingAsync()
    {
        // Exited can fire before the last output lines are read; WaitForExitAsync also waits for the pipes to close.
        using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _process.WaitForExitAsync(drained.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Report what was read so far.
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"the bridge exited with code {_process.ExitCode} while starting: {_output.OneLine(5)}");
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Add(line);
        var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
        if (at >= 0 && Uri.TryCreate(line[(at + ListeningMarker.Length)..].Trim().TrimEnd('/') + "/", UriKind.Absolute, out var address))
        {
            _listening.TrySetResult(address);
        }
    }

    /// <summary>SIGTERM, a bounded wait for a graceful exit, then kill.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = NativeMethods.kill(_process.Id, NativeMethods.SignalTerminate);
                using var graceful = new CancellationTokenSource(_options.StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    using var killed = new CancellationTokenSource(_options.StopTimeout);
                    await _process.WaitForExitAsync(killed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or Win32Exception)
        {
            // Already gone, or the kernel will reap it: nothing more this process can do.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
