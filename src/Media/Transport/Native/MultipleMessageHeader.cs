using System.Runtime.InteropServices;

namespace OctoMesh.Media.Transport.Native;

/// <summary>
/// <c>struct mmsghdr</c> (Linux <c>sendmmsg(2)</c>, <c>recvmmsg(2)</c>): a message header and the
/// number of bytes the kernel sent or received for it (64 bytes on 64-bit Linux).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MultipleMessageHeader
{
    public MessageHeader Header;
    public uint Length;
}
