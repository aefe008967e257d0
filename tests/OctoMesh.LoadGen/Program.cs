using System.Runtime.InteropServices;
using OctoMesh.LoadGen;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends the measurement early; the clients still disconnect and the report is printed.
    e.Cancel = true;
    interrupted.Cancel();
};

// SIGTERM likewise, so the servers compare started are stopped rather than left running.
using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupted.Cancel();
});

return await LoadGenCommand.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
