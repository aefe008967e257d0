using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Captures UDP on the loopback interface with <c>tcpdump</c> (or <c>tshark</c>) into a pcap file, for as long
/// as it is open. Needs the capture tool and the right to capture (root or CAP_NET_RAW); fails with the way to
/// get them otherwise.
/// </summary>
public sealed class LoopbackCapture : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = Eventually.Patience;
    private static readonly string[] Tools = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/usr/bin/tshark"];

    private readonly Process _process;
    private readonly string _file;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _stderr = new();

    private LoopbackCapture(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    /// <summary>Starts capturing UDP to or from any of <paramref name="ports"/> on <c>lo</c>, and waits until the tool listens.</summary>
    public static async Task<LoopbackCapture> StartAsync(IEnumerable<int> ports)
    {
        var tool = Tools.FirstOrDefault(File.Exists)
            ?? throw new XunitException(
                "Neither tcpdump nor tshark is installed: the relay capture test needs one. Run `apt-get install -y tcpdump` (or tshark).");
        var filter = "udp and (" + string.Join(" or ", ports.Select(p => $"port {p}")) + ")";
        var file = Path.Combine(Path.GetTempPath(), $"octomesh-relay-{Guid.NewGuid():N}.pcap");
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] arguments = tool.EndsWith("tshark", StringComparison.Ordinal)
            ? ["-i", "lo", "-n", "-F", "pcap", "-s", "0", "-w", file, "-f", filter]
            // --immediate-mode: no kernel buffering; -U: write each packet as it arrives. The file then holds
            // every packet seen so far, which ReadSoFarAsync relies on.
            : ["-i", "lo", "-n", "--immediate-mode", "-U", "-s", "0", "-w", file, filter];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new XunitException($"{tool} did not start.");
        var capture = new LoopbackCapture(process, file);
        process.ErrorDataReceived += (_, line) => capture.OnStandardError(line.Data);
        process.BeginErrorReadLine();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();

        // Until the tool says it listens, or exits: the deadline only stops a hung tool from hanging the test.
        try
        {
            await Task.WhenAny(capture._listening.Task, process.WaitForExitAsync()).WaitAsync(StartDeadline);
        }
        catch (TimeoutException)
        {
        }

        if (!capture._listening.Task.IsCompleted)
        {
            var exited = process.HasExited;
            await capture.DisposeAsync();
            throw new XunitException(
                $"{tool} {(exited ? "exited" : $"did not start listening (waited {StartDeadline.TotalSeconds:0} s)")}: {capture.StandardError}" +
                $"{Environment.NewLine}Capturing on lo needs root or CAP_NET_RAW.");
        }

        return capture;
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The UDP datagrams written to the capture file so far (a record being written is left out).</summary>
    public async Task<IReadOnlyList<CapturedDatagram>> ReadSoFarAsync()
    {
        await using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return PcapFile.ReadUdp(copy.ToArray());
    }

    /// <summary>Stops the capture (SIGINT, so the tool flushes) and returns the UDP datagrams it saw.</summary>
    public async Task<IReadOnlyList<CapturedDatagram>> StopAsync()
    {
        await InterruptAsync();
        return PcapFile.ReadUdp(await File.ReadAllBytesAsync(_file));
    }

    private void OnStandardError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }

        // tcpdump: "listening on lo, link-type EN10MB ..."; tshark: "Capturing on 'Loopback: lo'".
        if (line.Contains("listening on", StringComparison.Ordinal) || line.Contains("Capturing on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    private async Task InterruptAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await Eventually.Until(() => Task.FromResult(_process.HasExited), StartDeadline, "the capture tool to exit after SIGINT",
            () => Task.FromResult(StandardError));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await InterruptAsync();
            }
            catch (XunitException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        File.Delete(_file);
    }
}
