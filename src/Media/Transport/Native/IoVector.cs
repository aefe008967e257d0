using System.Runtime.InteropServices;

namespace OctoMesh.Media.Transport.Native;

/// <summary>
/// <c>struct iovec</c> (POSIX <c>sys/uio.h</c>): one contiguous buffer of a scatter/gather list.
/// Layout on 64-bit Linux: <c>void *iov_base; size_t iov_len;</c> (16 bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}
