using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using OctoMesh.LoadGen.Compare;
using OctoMesh.LoadGen.Namespaces;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Janus;

/// <summary>
/// A Janus (Debian's <c>janus</c> 1.1.x) started for a side-by-side run inside a network namespace of its own
/// (<see cref="NetworkNamespace"/>): Janus 1.1.2 never gathers ICE candidates on a loopback interface, and the only
/// other addresses it may use are ones we create, so it gets a private namespace whose one address
/// (<see cref="MediaAddress"/>) it gathers on, and every socket that talks to it (its HTTP API, the load clients) is
/// made in that namespace. A generated config folder in a temp directory (<see cref="JanusConfig"/>: VideoRoom plus
/// the HTTP transport, nothing else), HTTP on 127.0.0.1 of the namespace, its log in a file of that folder. Disposing
/// stops it (SIGTERM, then SIGKILL after <see cref="JanusServerOptions.StopTimeout"/>), deletes the folder and then
/// the namespace.
/// </summary>
public sealed partial class JanusServer : ISfuServer
{
    private const int SigTerm = 15;
    private const int LogTailLines = 15;
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly JanusServerOptions _options;
    private readonly string _folder;
    private int _disposed;

    private JanusServer(Process process, JanusServerOptions options, string folder, Uri baseAddress, NetworkNamespace network)
    {
        Network = network;
        _process = process;
        _options = options;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>"janus": the key in the compare report.</summary>
    public string Name => "janus";

    /// <summary>The janus process (it forwards all media itself; <c>ip netns exec</c> execs it in place, keeping the pid).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// The Janus API root, <c>http://127.0.0.1:{port}/janus</c> on the namespace's loopback (no trailing slash, as
    /// Janus's paths are written): reachable only with <see cref="NetworkNamespace.CreateHttpHandler"/> of <see cref="Network"/>.
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>The network namespace Janus runs in; deleted on disposal.</summary>
    public NetworkNamespace Network { get; }

    /// <summary>The namespace address Janus's ICE candidates are on; load clients bind to it from inside the namespace.</summary>
    public IPAddress MediaAddress => Network.Address;

    /// <summary>The generated config folder (also holding <c>janus.log</c>) until disposal.</summary>
    public string ConfigFolder => _folder;

    /// <summary>Janus's log file.</summary>
    public string LogPath => Path.Combine(_folder, JanusConfig.LogFile);

    /// <summary>
    /// Writes the config, starts janus and waits until <c>GET /janus/info</c> answers. Throws
    /// <see cref="LoadRunException"/> with one line when janus is missing, exits early (with its log's tail) or
    /// does not answer in time.
    /// </summary>
    public static async Task<JanusServer> StartAsync(JanusServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.JanusExecutable))
        {
            throw new LoadRunException($"Janus is not installed at {options.JanusExecutable}: run `apt-get install -y janus` (Debian's package, 1.1.x)");
        }

        NetworkNamespace network;
        try
        {
            network = await NetworkNamespace.CreateAsync(options.Network, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadRunException error)
        {
            throw new LoadRunException($"Janus 1.1.2 gathers no ICE candidates on loopback, so compare runs it in a network namespace, which needs root and iproute2: {error.Message}");
        }

        var folder = Directory.CreateDirectory(
            Path.Combine(options.TempRoot ?? Path.GetTempPath(), "octomesh-janus-" + Guid.NewGuid().ToString("N")[..12])).FullName;

        Process? process = null;
        try
        {
            var port = FreeTcpPort(network);
            JanusConfig.Write(folder, options, port, network.Address);
            process = Start(options, network, folder);
            var server = new JanusServer(process, options, folder, new Uri($"http://127.0.0.1:{port}/janus"), network);
            await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            server.CheckProcessIsJanus();
            return server;
        }
        catch
        {
            if (process is not null)
            {
                await StopAsync(process, options.StopTimeout).ConfigureAwait(false);
                process.Dispose();
            }

            DeleteFolder(folder);
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>VideoRoom signalling against this Janus, from inside its namespace; the caller disposes it.</summary>
    public ISfuSignaling CreateSignaling(TimeSpan connectTimeout) => new JanusVideoRoomSignaling(BaseAddress, connectTimeout, Network);

    /// <summary>The last lines of Janus's log, for failure messages.</summary>
    public string LogTail(int lines = LogTailLines) => ReadLogTail(Path.Combine(_folder, JanusConfig.LogFile), lines);

    private static Process Start(JanusServerOptions options, NetworkNamespace network, string folder)
    {
        // `ip netns exec` enters the namespace and execs janus in place (no fork), so this process's pid is janus's,
        // the one whose /proc/{pid}/stat compare reads (checked by CheckProcessIsJanus).
        var start = new ProcessStartInfo(options.Network.IpExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };

        // -F configs, -C main config, -L log file, -N no stdout logging, -o no colours.
        foreach (var argument in new[] { "netns", "exec", network.Name, options.JanusExecutable, "-F", folder, "-C", Path.Combine(folder, JanusConfig.MainFile), "-L", Path.Combine(folder, JanusConfig.LogFile), "-N", "-o" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new LoadRunException($"Janus at {options.JanusExecutable} did not start");

            // Drained so a chatty janus never blocks on a full pipe; everything useful is in the log file.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (Win32Exception ex)
        {
            throw new LoadRunException($"Janus at {options.JanusExecutable} cannot be run through {options.Network.IpExecutable} netns exec ({ex.Message})");
        }
    }

    // CPU and memory accounting read /proc/{ProcessId}: it must be janus itself, not a wrapper that forked it.
    private void CheckProcessIsJanus()
    {
        var command = File.ReadAllText($"/proc/{ProcessId}/comm").Trim();
        if (command != "janus")
        {
            throw new LoadRunException($"process {ProcessId} started for Janus is '{command}', not janus: `ip netns exec` did not exec janus in place, so its CPU accounting would be wrong");
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(Network.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var info = new Uri(BaseAddress + "/info");
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new LoadRunException($"Janus exited with code {_process.ExitCode} while starting; its log ends: {ReadLogTail(LogPath, LogTailLines)}");
            }

            try
            {
                using var response = await http.GetAsync(info, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new LoadRunException($"Janus did not answer GET {info} within {_options.StartTimeout.TotalSeconds:0.#} s; its log ends: {ReadLogTail(LogPath, LogTailLines)}");
            }

            await Task.Delay(ReadinessPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops janus (SIGTERM, then SIGKILL after the deadline), deletes the config folder, then the network namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_process, _options.StopTimeout).ConfigureAwait(false);
        _process.Dispose();
        DeleteFolder(_folder);
        await Network.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task StopAsync(Process process, TimeSpan timeout)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            // Janus shuts down cleanly on SIGINT/SIGTERM (it hangs up every PeerConnection first).
            _ = Kill(process.Id, SigTerm);
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
    }

    private static string ReadLogTail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var tail = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines);
            return string.Join(" | ", tail);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // The kernel picks a port free on the namespace's loopback; Janus binds it a moment later (nothing else runs there).
    private static int FreeTcpPort(NetworkNamespace network)
    {
        using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
