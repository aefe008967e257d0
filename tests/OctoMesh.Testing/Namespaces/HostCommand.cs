using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Testing.Namespaces;

/// <summary>Runs a host tool (ip, wg) to completion and returns what it printed.</summary>
public static class HostCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="file"/>; a non-zero exit fails the test with the tool's stderr.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(file, arguments);
        if (exitCode != 0)
        {
            throw new XunitException(
                $"'{file} {string.Join(' ', arguments)}' exited with {exitCode}: {error.Trim()} {output.Trim()}");
        }
        return output;
    }

    /// <summary>Runs <paramref name="file"/> and reports its exit code instead of failing.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)
            ?? throw new XunitException($"Could not start '{file}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"'{file} {string.Join(' ', arguments)}' did not finish within {Deadline.TotalSeconds} s.");
        }
        return (process.ExitCode, await output, await error);
    }
}
