using System.Diagnostics;

namespace OctoMesh.LoadGen.Compare;

/// <summary>The server's and this process's usage sampled as the window opens and as it closes.</summary>
internal sealed class MeasurementWindow(int serverProcessId)
{
    private ProcessUsage? _serverAtOpen;
    private ProcessUsage? _loadGenAtOpen;
    private long _openedAt;

    public double Seconds { get; private set; }

    /// <summary>The server's CPU time spent in the window (null if it could not be read at both ends).</summary>
    public ProcessUsage? Server { get; private set; }

    public double ServerResidentMiB { get; private set; }

    public ProcessUsage? LoadGen { get; private set; }

    public void Open()
    {
        _serverAtOpen = ProcessAccounting.Read(serverProcessId);
        _loadGenAtOpen = ProcessAccounting.Read(Environment.ProcessId);
        _openedAt = Stopwatch.GetTimestamp();
    }

    public void Close()
    {
        Seconds = Stopwatch.GetElapsedTime(_openedAt).TotalSeconds;
        Server = Difference(ProcessAccounting.Read(serverProcessId), _serverAtOpen);
        ServerResidentMiB = Server?.ResidentMiB ?? 0;
        LoadGen = Difference(ProcessAccounting.Read(Environment.ProcessId), _loadGenAtOpen);
    }

    // CPU time spent between the two samples; the resident memory is the closing sample's.
    private static ProcessUsage? Difference(ProcessUsage? atClose, ProcessUsage? atOpen) =>
        atClose is { } close && atOpen is { } open ? new ProcessUsage(close.CpuSeconds - open.CpuSeconds, close.ResidentBytes) : null;
}
