using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>
/// A man in the middle on loopback, like pion's transport/test bridge: the left side sends to
/// <see cref="LeftFacing"/>, which forwards to <paramref name="right"/> from <see cref="RightFacing"/>,
/// and back. Every datagram is recorded, can be dropped, and can be replayed later.
/// </summary>
public sealed class UdpInterceptor : IDisposable
{
    private readonly Socket leftSocket = Bound();
    private readonly Socket rightSocket = Bound();
    private readonly IPEndPoint right;
    private readonly CancellationTokenSource stop = new();
    private IPEndPoint? left;

    public UdpInterceptor(IPEndPoint right)
    {
        this.right = right;
        _ = Task.Run(() => Pump(leftSocket, rightSocket, () => this.right, toRight: true));
        _ = Task.Run(() => Pump(rightSocket, leftSocket, () => left, toRight: false));
    }

    public IPEndPoint LeftFacing => (IPEndPoint)leftSocket.LocalEndPoint!;

    public IPEndPoint RightFacing => (IPEndPoint)rightSocket.LocalEndPoint!;

    public ConcurrentQueue<byte[]> ToRight { get; } = new();

    public ConcurrentQueue<byte[]> ToLeft { get; } = new();

    public volatile bool DropToRight;

    public void ReplayToRight(byte[] datagram) => rightSocket.SendTo(datagram, right);

    public void ReplayToLeft(byte[] datagram) => leftSocket.SendTo(datagram, left!);

    public void Dispose()
    {
        stop.Cancel();
        leftSocket.Dispose();
        rightSocket.Dispose();
    }

    private async Task Pump(Socket from, Socket to, Func<IPEndPoint?> destination, bool toRight)
    {
        byte[] buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Loopback, 0), stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            byte[] datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (toRight)
            {
                left = (IPEndPoint)received.RemoteEndPoint;
                ToRight.Enqueue(datagram);
                if (DropToRight)
                {
                    continue;
                }
            }
            else
            {
                ToLeft.Enqueue(datagram);
            }
            if (destination() is { } target)
            {
                await to.SendToAsync(datagram, target);
            }
        }
    }

    private static Socket Bound()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
