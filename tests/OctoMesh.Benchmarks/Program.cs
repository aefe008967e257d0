using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace OctoMesh.Benchmarks;

public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args is ["cpu-time", ..])
        {
            CpuTimeRunner.Run(args.AsSpan(1));
            return;
        }

        // BenchmarkDotNet builds a boilerplate project first; its default 2-minute limit is too short
        // for the whole solution on a busy 2-core machine.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
    }
}
