using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// One packet-sized buffer per thread for building outgoing packets: each subscriber's copy is
/// rewritten and SRTP-protected in place here, then sent, so forwarding allocates nothing.
/// </summary>
internal static class ScratchBuffer
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    public static byte[] ForCurrentThread() => t_buffer ??= GC.AllocateArray<byte>(UdpMediaSocket.ReceiveBufferSize, pinned: true);
}
