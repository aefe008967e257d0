using System.Diagnostics;
using System.Text;
using OctoMesh.Bridge.Tests.EndToEnd;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A bridge in its own process (<c>dotnet OctoMesh.Bridge.dll ...</c>), as an operator runs one;
/// its HTTP address is read from the "Now listening on" log line. Disposing kills it.
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BridgeProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

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

    public static async Task<BridgeProcess> StartAsync(IEnumerable<string> arguments, TimeSpan deadline)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryLayout.BridgeProjectDirectory, "bin", configuration, "net10.0", "OctoMesh.Bridge.dll");
        if (!File.Exists(dll))
        {
            throw new Xunit.Sdk.XunitException($"The bridge is not built at {dll}; build src/Bridge first.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var bridge = new BridgeProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        bridge._process.OutputDataReceived += (_, e) => bridge.OnLine(e.Data);
        bridge._process.ErrorDataReceived += (_, e) => bridge.OnLine(e.Data);
        bridge._process.BeginOutputReadLine();
        bridge._process.BeginErrorReadLine();
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string Marker = "Now listening on: http://";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + "Now listening on: ".Length)..].Trim().TrimEnd('/') + "/"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
