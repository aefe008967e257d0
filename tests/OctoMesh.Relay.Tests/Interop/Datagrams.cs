using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>Sends and awaits UDP datagrams with a deadline (the test awaits the event, never sleeps).</summary>
internal static class Datagrams
{
    public static readonly TimeSpan Deadline = Eventually.Patience;

    public static Task SendAsync(Socket socket, string text, IPEndPoint destination) =>
        socket.SendToAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, destination);

    /// <summary>The next datagram on <paramref name="socket"/> and who sent it; fails the test after <see cref="Deadline"/>.</summary>
    public static async Task<(string Text, IPEndPoint From)> ReceiveAsync(Socket socket, string what)
    {
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            var result = await socket.ReceiveFromAsync(
                buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return (Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"No datagram within {Deadline.TotalSeconds} s: {what}");
        }
    }

    /// <summary>The local endpoint a bound socket got.</summary>
    public static IPEndPoint LocalEndPoint(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;
}
