using System.Diagnostics;
using OctoMesh.LoadGen.Compare;

namespace OctoMesh.Bridge.Tests.LoadGen.Compare;

/// <summary>The kernel's accounting as <c>compare</c> reads it, checked against .NET's own view of this process.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ProcessAccountingTests
{
    [Fact]
    public void This_process_has_cpu_time_and_resident_memory_matching_the_runtimes_view()
    {
        var usage = ProcessAccounting.Read(Environment.ProcessId);

        Assert.NotNull(usage);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var runtimeCpu = self.TotalProcessorTime.TotalSeconds;
        Assert.True(usage.Value.CpuSeconds > 0);

        // Both read the same counters at different instants; clock ticks are 10 ms.
        Assert.InRange(usage.Value.CpuSeconds, runtimeCpu - 1, runtimeCpu + 1);
        Assert.True(usage.Value.ResidentBytes > 0);
        Assert.InRange(usage.Value.ResidentBytes, self.WorkingSet64 / 2, self.WorkingSet64 * 2);
    }

    [Fact]
    public void A_process_that_does_not_exist_reads_as_null()
    {
        // pid_max on Linux is at most 2^22; no process has a larger id.
        Assert.Null(ProcessAccounting.Read(int.MaxValue));
    }
}
