using System.Runtime.InteropServices;

namespace OctoMesh.Media.Transport.Native;

/// <summary>
/// <c>struct msghdr</c> (POSIX <c>sys/socket.h</c>) as 64-bit Linux lays it out (56 bytes):
/// <code>
///  0 void         *msg_name;        socket address of the peer
///  8 socklen_t     msg_namelen;     (+4 bytes of padding)
/// 16 struct iovec *msg_iov;
/// 24 size_t        msg_iovlen;
/// 32 void         *msg_control;     ancillary data (unused here)
/// 40 size_t        msg_controllen;
/// 48 int           msg_flags;       (+4 bytes of padding)
/// </code>
/// Sequential layout with natural alignment reproduces the padding.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public byte* Name;
    public uint NameLength;
    public IoVector* Vectors;
    public nuint VectorCount;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}
