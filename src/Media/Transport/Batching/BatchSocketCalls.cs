using System.Net.Sockets;
using System.Runtime.InteropServices;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Transport.Batching;

/// <summary>
/// <c>sendmmsg</c>/<c>recvmmsg</c> on a .NET <see cref="Socket"/>'s descriptor. The handle is
/// ref-counted for the duration of the call, so a concurrent <see cref="Socket.Dispose()"/> cannot
/// close (and the kernel reuse) the descriptor under the system call. EINTR is retried.
/// </summary>
internal static unsafe class BatchSocketCalls
{
    /// <summary>Send slots <paramref name="first"/> .. first+count-1; the number sent, or -1 and <paramref name="error"/> (errno).</summary>
    public static int Send(Socket socket, DatagramSlots slots, int first, int count, out int error) =>
        OnDescriptor(socket, (slots, first, count),
            static (descriptor, call) => LinuxSocketCalls.SendMessages(descriptor, call.slots.Headers(call.first), (uint)call.count, 0),
            out error);

    /// <summary>
    /// Block until at least one datagram arrives, then take up to <paramref name="count"/> already queued
    /// (<c>MSG_WAITFORONE</c>) into slots 0 .. count-1; the number received, or -1 and <paramref name="error"/>.
    /// </summary>
    public static int Receive(Socket socket, DatagramSlots slots, int count, out int error) =>
        OnDescriptor(socket, (slots, count),
            static (descriptor, call) => LinuxSocketCalls.ReceiveMessages(
                descriptor, call.slots.Headers(0), (uint)call.count, LinuxSocketCalls.WaitForOne, null),
            out error);

    /// <summary>
    /// Runs <paramref name="systemCall"/> on the socket's descriptor with the handle held, again while it fails
    /// with EINTR. The call is a static lambda and its arguments a value tuple: nothing is allocated per call.
    /// </summary>
    private static int OnDescriptor<TArguments>(Socket socket, TArguments arguments, Func<nint, TArguments, int> systemCall, out int error)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                var result = systemCall(handle.DangerousGetHandle(), arguments);
                error = result >= 0 ? 0 : Marshal.GetLastPInvokeError();
                if (error != LinuxSocketCalls.ErrorInterrupted)
                {
                    return result;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            error = LinuxSocketCalls.ErrorBadDescriptor;
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
