namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// A process's CPU time (user plus system, all threads) and resident memory at one instant, as the kernel
/// accounts them.
/// </summary>
public readonly record struct ProcessUsage(double CpuSeconds, long ResidentBytes)
{
    public double ResidentMiB => ResidentBytes / (1024.0 * 1024.0);
}
