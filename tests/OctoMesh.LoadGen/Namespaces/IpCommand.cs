using System.ComponentModel;
using System.Diagnostics;

namespace OctoMesh.LoadGen.Namespaces;

/// <summary>Runs iproute2's <c>ip</c> with a deadline and keeps what it printed, for one-line failure messages.</summary>
internal sealed class IpCommand(string executable, TimeSpan timeout)
{
    /// <summary>What one <c>ip</c> invocation did.</summary>
    public readonly record struct Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>Runs <c>ip {arguments}</c>; a run that cannot start or time out is a failed result, never an exception.</summary>
    public async Task<Result> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return new Result(-1, string.Empty, $"{executable} did not start");
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                return new Result(-1, string.Empty, $"no answer within {timeout.TotalSeconds:0.#} s");
            }

            return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (Win32Exception ex)
        {
            return new Result(-1, string.Empty, $"{executable} cannot be run ({ex.Message})");
        }
    }

    /// <summary>Runs <c>ip {arguments}</c>; a failure throws <see cref="LoadRunException"/> naming the command and ip's own words.</summary>
    public async Task RunOrThrowAsync(string namespaceName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var said = result.Error.ReplaceLineEndings(" ").Trim();
            throw new LoadRunException(
                $"cannot set up network namespace {namespaceName}: `ip {string.Join(' ', arguments)}` failed ({(said.Length > 0 ? said : "exit code " + result.ExitCode)}); {NetworkNamespace.Requirement}");
        }
    }
}
