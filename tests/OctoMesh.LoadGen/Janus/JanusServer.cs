using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using OctoMesh.LoadGen.Compare;
using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Janus;

/// <summary>
/// A Janus (Debian's <c>janus</c> 1.1.x) started on loopback for a side-by-side run: a generated config folder in
/// a temp directory (<see cref="JanusConfig"/>: VideoRoom plus the HTTP transport, nothing else), HTTP on a free
/// port of 127.0.0.1, ICE candidates on <c>lo</c> only, its log in a file of that folder. Disposing stops it
/// (SIGTERM, then SIGKILL after <see cref="JanusServerOptions.StopTimeout"/>) and deletes the folder.
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

    private JanusServer(Process process, JanusServerOptions options, string folder, Uri baseAddress, IPAddress mediaAddress)
    {
        MediaAddress = mediaAddress;
        _process = process;
        _options = options;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>"janus": the key in the compare report.</summary>
    public string Name => "janus";

    /// <summary>The janus process (it forwards all media itself).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The Janus API root, <c>http://127.0.0.1:{port}/janus</c> (no trailing slash, as Janus's paths are written).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host address Janus's ICE candidates are on; load clients bind to it (see <see cref="JanusServerOptions.MediaAddress"/>).</summary>
    public IPAddress MediaAddress { get; }

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

        var folder = Directory.CreateDirectory(
            Path.Combine(options.TempRoot ?? Path.GetTempPath(), "octomesh-janus-" + Guid.NewGuid().ToString("N")[..12])).FullName;

        Process? process = null;
        try
        {
            var port = FreeTcpPort();
            var mediaAddress = options.MediaAddress ?? HostAddress();
            JanusConfig.Write(folder, options, port, mediaAddress);
            process = Start(options, folder);
            var server = new JanusServer(process, options, folder, new Uri($"http://127.0.0.1:{port}/janus"), mediaAddress);
            await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
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
            throw;
        }
    }

    /// <summary>VideoRoom signalling against this Janus; the caller disposes it.</summary>
    public ISfuSignaling CreateSignaling(TimeSpan connectTimeout) => new JanusVideoRoomSignaling(BaseAddress, connectTimeout, MediaAddress);

    /// <summary>The last lines of Janus's log, for failure messages.</summary>
    public string LogTail(int lines = LogTailLines) => ReadLogTail(Path.Combine(_folder, JanusConfig.LogFile), lines);

    private static Process Start(JanusServerOptions options, string folder)
    {
        var start = new ProcessStartInfo(options.JanusExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };

        // -F configs, -C main config, -L log file, -N no stdout logging, -o no colours.
        foreach (var argument in new[] { "-F", folder, "-C", Path.Combine(folder, JanusConfig.MainFile), "-L", Path.Combine(folder, JanusConfig.LogFile), "-N", "-o" })
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
            throw new LoadRunException($"Janus at {options.JanusExecutable} cannot be run ({ex.Message}): run `apt-get install -y janus`");
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
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

    /// <summary>Stops janus (SIGTERM, then SIGKILL after the deadline) and deletes the config folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_process, _options.StopTimeout).ConfigureAwait(false);
        _process.Dispose();
        DeleteFolder(_folder);
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

    /// <summary>The first IPv4 address of an up, non-loopback interface: where Janus can gather and the kernel still delivers locally.</summary>
    private static IPAddress HostAddress()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(ip => ip.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(ip));
        return address ?? throw new LoadRunException(
            "Janus needs a non-loopback IPv4 address to gather ICE candidates on (it never uses loopback) and this host has none up; set the media address");
    }

    // The kernel picks a free port; Janus binds it a moment later (a tiny race no test has hit with ephemeral ports).
    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
