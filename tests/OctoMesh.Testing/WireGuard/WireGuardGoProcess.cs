using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using OctoMesh.Relay.WireGuard.Os;
using Xunit.Sdk;
using OctoMesh.Testing.Namespaces;

namespace OctoMesh.Testing.WireGuard;

/// <summary>
/// wireguard-go running in the foreground inside a namespace (<c>ip netns exec &lt;ns&gt;
/// wireguard-go -f &lt;iface&gt;</c>). Its TUN device lives in that namespace; its UAPI socket is
/// a file under /var/run/wireguard, which every namespace sees, so interface names are random
/// to keep parallel tests apart. Disposing stops the process (SIGTERM, then SIGKILL) and
/// removes a socket file it left behind.
/// </summary>
public sealed class WireGuardGoProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WireGuardGoProcess(Process process, string interfaceName)
    {
        _process = process;
        InterfaceName = interfaceName;
        Client = WireGuardUapiClient.ForInterface(interfaceName);
    }

    public string InterfaceName { get; }

    public WireGuardUapiClient Client { get; }

    /// <summary>What wireguard-go printed so far (verbose level), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<WireGuardGoProcess> StartAsync(NetworkNamespace networkNamespace)
    {
        var interfaceName = "wg-om" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", networkNamespace.Name, "wireguard-go", "-f", interfaceName })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LOG_LEVEL"] = "verbose";
        // Newer wireguard-go refuses to run where the kernel module exists unless told to.
        start.Environment["WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD"] = "1";

        var process = Process.Start(start) ?? throw new XunitException("Could not start wireguard-go.");
        var started = new WireGuardGoProcess(process, interfaceName);
        process.OutputDataReceived += (_, line) => started.Append(line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.WaitUntilAnsweringAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var clock = Stopwatch.StartNew();
        Exception? lastFailure = null;
        while (clock.Elapsed < StartDeadline)
        {
            if (_process.HasExited)
            {
                throw new XunitException($"wireguard-go exited with {_process.ExitCode} before its UAPI socket answered: {Log}");
            }
            if (File.Exists(Client.SocketPath))
            {
                try
                {
                    await Client.GetDeviceAsync();
                    return;
                }
                catch (WireGuardUapiException exception)
                {
                    lastFailure = exception;
                }
            }
            await Task.Delay(50);
        }
        throw new XunitException(
            $"wireguard-go's UAPI socket {Client.SocketPath} did not answer within {StartDeadline.TotalSeconds} s " +
            $"({lastFailure?.Message ?? "no socket file"}): {Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // `ip netns exec` execs wireguard-go in place, so this pid is wireguard-go itself.
            NativeMethods.kill(_process.Id, NativeMethods.SignalTerminate);
            using var stop = new CancellationTokenSource(StopDeadline);
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        if (File.Exists(Client.SocketPath))
        {
            File.Delete(Client.SocketPath);
        }
    }
}
