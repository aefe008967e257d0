using OctoMesh.LoadGen;

namespace OctoMesh.Bridge.Tests.LoadGen;

/// <summary>The load generator's entry point run in-process: its exit code and what it printed.</summary>
public sealed record LoadGenRun(int ExitCode, string Stdout, string Stderr)
{
    // No run in these tests may take this long: every step of the load generator has its own deadline.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public static async Task<LoadGenRun> StartAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await LoadGenCommand.RunAsync(args, stdout, stderr, CancellationToken.None).WaitAsync(HangLimit);
        return new LoadGenRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit code {ExitCode}{Environment.NewLine}stdout: {Stdout}{Environment.NewLine}stderr: {Stderr}";
}
