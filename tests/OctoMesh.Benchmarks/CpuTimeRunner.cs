using System.Diagnostics;
using System.Globalization;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Benchmarks;

/// <summary>
/// A complement to BenchmarkDotNet for a shared, overloaded machine: runs the same benchmark bodies in
/// a loop and divides the process's own CPU time (user + system, as <c>getrusage</c> reports it, the
/// measure issue 5's "packets per CPU-second" uses) by the operations done. Wall-clock means inflate
/// with every other runnable thread on the cores; CPU time charges only what this process ran.
/// Usage: <c>dotnet run -c Release --project tests/OctoMesh.Benchmarks -- cpu-time [seconds per case]</c>.
/// </summary>
internal static class CpuTimeRunner
{
    private static readonly int[] SubscriberCounts = [1, 10, 50];
    private static readonly SrtpProfile[] Profiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary><c>cpu-time [seconds] [syscalls|fan-out|layers]</c>: every case, or only the system-call batching, 1 → 50 fan-out or simulcast cases.</summary>
    public static void Run(ReadOnlySpan<string> args)
    {
        var secondsPerCase = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
        Console.WriteLine($"CPU time per operation, {secondsPerCase:0.#} s of process CPU per case, {Environment.ProcessorCount} logical cores");
        Console.WriteLine();
        if (args.Length > 1 && args[1] == "syscalls")
        {
            RunSyscalls(secondsPerCase);
            return;
        }

        if (args.Length > 1 && args[1] == "fan-out")
        {
            RunFanOut(secondsPerCase);
            return;
        }

        if (args.Length > 1 && args[1] == "layers")
        {
            RunLayers(secondsPerCase);
            return;
        }

        Console.WriteLine("| Benchmark | Profile | Subscribers | CPU ns/op | wall ns/op | CPU ns per forwarded packet | forwarded packets per CPU-second |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");

        foreach (var profile in Profiles)
        {
            var srtp = new SrtpBenchmarks { Profile = profile };
            srtp.Setup();
            Report("SRTP ProtectRtp", profile, 1, Measure(() => srtp.ProtectRtp(), secondsPerCase));
            Report("SRTP UnprotectRtp", profile, 1, Measure(() => srtp.UnprotectRtp(), secondsPerCase));
            srtp.Cleanup();
        }

        foreach (var profile in Profiles)
        {
            foreach (var subscribers in SubscriberCounts)
            {
                var forwarding = new ForwardingBenchmarks { Subscribers = subscribers, Profile = profile };
                forwarding.Setup();
                Report("Forwarding OnRtp", profile, subscribers, Measure(forwarding.OnRtp, secondsPerCase));
                Report("Forwarding OnRtpBatched", profile, subscribers, Measure(forwarding.OnRtpBatched, secondsPerCase));
                Report("Forwarding RewriteAndProtect", profile, subscribers, Measure(() => forwarding.RewriteAndProtect(), secondsPerCase));
                Report("Forwarding SendOnly", profile, subscribers, Measure(() => forwarding.SendOnly(), secondsPerCase));
                forwarding.Cleanup();
            }
        }
    }

    /// <summary>The 1 → 50 GCM fan-out with one <c>sendto</c> per copy and with the receive thread's <c>sendmmsg</c> batch.</summary>
    private static void RunFanOut(double secondsPerCase)
    {
        Console.WriteLine("| Benchmark | Profile | Subscribers | CPU ns/op | wall ns/op | CPU ns per forwarded packet | forwarded packets per CPU-second |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var forwarding = new ForwardingBenchmarks { Subscribers = 50, Profile = SrtpProfile.AeadAes128Gcm };
        forwarding.Setup();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                Report("Forwarding OnRtp", forwarding.Profile, 50, Measure(forwarding.OnRtp, secondsPerCase));
                Report("Forwarding OnRtpBatched", forwarding.Profile, 50, Measure(forwarding.OnRtpBatched, secondsPerCase));
            }
        }
        finally
        {
            forwarding.Cleanup();
        }
    }

    /// <summary>
    /// Issue 12: one stream against three simulcast streams with temporal layers, to 50 GCM subscribers, two rounds
    /// interleaved. Thinned, every other subscriber drops TL2 (half the frames of its stream): 37.5 packets sent per op.
    /// </summary>
    private static void RunLayers(double secondsPerCase)
    {
        const double ThinnedSentPerOperation = 50 - 25 * 0.5;
        Console.WriteLine("| Benchmark | Profile | Subscribers | CPU ns/op | wall ns/op | CPU ns per forwarded packet | forwarded packets per CPU-second |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var layered = new LayeredForwardingBenchmarks();
        layered.Setup();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                Report("Layers OneStream", SrtpProfile.AeadAes128Gcm, 50, Measure(layered.OneStream, secondsPerCase));
                Report("Layers Simulcast", SrtpProfile.AeadAes128Gcm, 50, Measure(layered.Simulcast, secondsPerCase));
                Report("Layers SimulcastThinned", SrtpProfile.AeadAes128Gcm, 50, Measure(layered.SimulcastThinned, secondsPerCase), ThinnedSentPerOperation);
            }
        }
        finally
        {
            layered.Cleanup();
        }
    }

    private static void RunSyscalls(double secondsPerCase)
    {
        Console.WriteLine("| Benchmark | datagrams per op | CPU ns/op | wall ns/op | CPU ns per datagram |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var syscalls = new SyscallBatchingBenchmarks();
        syscalls.Setup();
        try
        {
            ReportSyscall("sendto × 50", syscalls.Datagrams, Measure(() => syscalls.SendToEach(), secondsPerCase));
            ReportSyscall("sendmmsg of 50", syscalls.Datagrams, Measure(() => syscalls.SendMessagesOnce(), secondsPerCase));
            ReportSyscall("sendmmsg of 32 + recvfrom × 32", SyscallBatchingBenchmarks.ReceiveBatch, Measure(() => syscalls.ReceiveFromEach(), secondsPerCase));
            ReportSyscall("sendmmsg of 32 + recvmmsg of 32", SyscallBatchingBenchmarks.ReceiveBatch, Measure(() => syscalls.ReceiveMessagesOnce(), secondsPerCase));
        }
        finally
        {
            syscalls.Cleanup();
        }
    }

    private static void ReportSyscall(string name, int datagrams, (double CpuNs, double WallNs) perOperation) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {datagrams} | {perOperation.CpuNs:N0} | {perOperation.WallNs:N0} | {perOperation.CpuNs / datagrams:N0} |"));

    private static void Report(string name, SrtpProfile profile, int subscribers, (double CpuNs, double WallNs) perOperation, double? sentPerOperation = null)
    {
        var perPacket = perOperation.CpuNs / (sentPerOperation ?? subscribers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {profile} | {subscribers} | {perOperation.CpuNs:N0} | {perOperation.WallNs:N0} | {perPacket:N0} | {1e9 / perPacket:N0} |"));
    }

    /// <summary>Warm up (tiered JIT to optimised code), then run batches until the CPU budget is spent.</summary>
    private static (double CpuNs, double WallNs) Measure(Action operation, double cpuSeconds)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(0.5))
        {
            operation();
        }

        // Batches of about 10 ms keep the getrusage call (Environment.CpuUsage) out of the figures.
        var batch = 1;
        while (TimeBatch(operation, batch) < TimeSpan.FromMilliseconds(10))
        {
            batch *= 2;
        }

        var cpuStart = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.StartNew();
        long operations = 0;
        TimeSpan cpu;
        do
        {
            for (var i = 0; i < batch; i++)
            {
                operation();
            }

            operations += batch;
            cpu = Environment.CpuUsage.TotalTime - cpuStart;
        }
        while (cpu.TotalSeconds < cpuSeconds);

        return (cpu.TotalNanoseconds / operations, wall.Elapsed.TotalNanoseconds / operations);
    }

    private static TimeSpan TimeBatch(Action operation, int batch)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < batch; i++)
        {
            operation();
        }

        return stopwatch.Elapsed;
    }
}
