using System.Runtime.InteropServices;

namespace OctoMesh.LoadGen.Namespaces;

/// <summary>The libc calls that move one thread into a network namespace (setns(2)).</summary>
internal static partial class NamespaceNativeMethods
{
    /// <summary>sched.h: the namespace type setns(2) checks the file descriptor against.</summary>
    public const int CloneNewNet = 0x40000000;

    /// <summary>fcntl.h: O_RDONLY | O_CLOEXEC (a namespace file is only ever read, and no child inherits it).</summary>
    public const int OpenReadOnlyCloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>setns(2): moves the calling thread (only it) into the namespace <paramref name="fd"/> refers to.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);
}
