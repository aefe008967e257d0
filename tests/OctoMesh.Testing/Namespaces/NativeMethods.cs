using System.Runtime.InteropServices;

namespace OctoMesh.Testing.Namespaces;

/// <summary>The few libc calls the namespace harness needs (Linux).</summary>
public static class NativeMethods
{
    /// <summary>setns(2) nstype for a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    public const int OpenReadOnly = 0;
    public const int OpenCloseOnExec = 0x80000;
    // signal(7), Linux x86-64 and arm64.
    public const int SignalTerminate = 15;
    public const int SignalStop = 19;
    public const int SignalContinue = 18;

    [DllImport("libc", SetLastError = true)]
    public static extern uint geteuid();

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int setns(int fd, int nstype);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);
}
