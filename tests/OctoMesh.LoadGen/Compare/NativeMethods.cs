using System.Runtime.InteropServices;

namespace OctoMesh.LoadGen.Compare;

/// <summary>The libc calls <c>compare</c> needs on Linux: a graceful stop signal and the kernel's clock tick.</summary>
internal static class NativeMethods
{
    /// <summary>signal(7): SIGTERM, the polite request to exit that both servers handle.</summary>
    public const int SignalTerminate = 15;

    /// <summary>sysconf(3) name of the clock ticks per second that <c>/proc/[pid]/stat</c> counts CPU time in.</summary>
    public const int ClockTicksName = 2;

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    public static extern nint sysconf(int name);
}
