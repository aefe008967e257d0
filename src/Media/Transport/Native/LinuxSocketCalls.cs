using System.Runtime.InteropServices;

namespace OctoMesh.Media.Transport.Native;

/// <summary>
/// The Linux batch socket calls .NET does not expose: <c>sendmmsg(2)</c> (Linux 3.0) and
/// <c>recvmmsg(2)</c> (Linux 2.6.33). One system call moves many datagrams, so the per-call
/// cost (syscall entry, socket lookup, locking) is paid once per batch instead of once per datagram.
/// </summary>
internal static unsafe partial class LinuxSocketCalls
{
    /// <summary><c>MSG_WAITFORONE</c>: block for the first datagram only, then take what is already queued.</summary>
    public const int WaitForOne = 0x10000;

    /// <summary><c>SOL_SOCKET</c> and <c>SO_REUSEPORT</c> (Linux 3.9, <c>asm-generic/socket.h</c>).</summary>
    public const int SocketLevel = 1;
    public const int ReusePort = 15;

    public const int ErrorInterrupted = 4;      // EINTR
    public const int ErrorBadDescriptor = 9;    // EBADF
    public const int ErrorTryAgain = 11;        // EAGAIN / EWOULDBLOCK
    public const int ErrorNotImplemented = 38;  // ENOSYS
    public const int ErrorNoBufferSpace = 105;  // ENOBUFS

    /// <summary>Whether the batch calls can be used at all (Linux on a 64-bit process: the structs above assume it).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Sends up to <paramref name="count"/> messages; returns how many were sent, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMessages(nint socket, MultipleMessageHeader* messages, uint count, int flags);

    /// <summary>Receives up to <paramref name="count"/> messages; returns how many arrived, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMessages(nint socket, MultipleMessageHeader* messages, uint count, int flags, void* timeout);
}
