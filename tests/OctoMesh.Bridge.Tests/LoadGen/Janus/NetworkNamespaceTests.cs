using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Namespaces;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>
/// The network namespace Janus runs in, with real sockets: sockets made in it talk to each other on its address,
/// cannot reach the root namespace's loopback (so they really are inside), and disposal deletes it.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class NetworkNamespaceTests
{
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Two_udp_sockets_made_in_the_namespace_talk_on_its_address()
    {
        await using var network = await NetworkNamespace.CreateAsync(new NetworkNamespaceOptions(), CancellationToken.None);
        using var a = Bound(network, network.Address);
        using var b = Bound(network, network.Address);

        a.SendTo("ping"u8, b.LocalEndPoint!);
        var buffer = new byte[16];
        using var deadline = new CancellationTokenSource(Deadline);
        var received = await b.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), deadline.Token);

        Assert.Equal("ping"u8.ToArray(), buffer[..received.ReceivedBytes]);
        Assert.Equal(a.LocalEndPoint, received.RemoteEndPoint);
    }

    [Fact]
    public async Task A_socket_made_in_the_namespace_cannot_reach_a_socket_on_the_root_namespaces_loopback()
    {
        await using var network = await NetworkNamespace.CreateAsync(new NetworkNamespaceOptions(), CancellationToken.None);
        using var root = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        root.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var inside = Bound(network, IPAddress.Loopback);

        // Connected UDP: the namespace's own loopback has nothing on that port, so its ICMP port unreachable
        // comes back as ECONNREFUSED on the next receive (RFC 1122 §4.1.3.3), instead of the root socket getting it.
        await inside.ConnectAsync(root.LocalEndPoint!);
        inside.Send("hello"u8);
        using var deadline = new CancellationTokenSource(Deadline);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await inside.ReceiveAsync(new byte[16], SocketFlags.None, deadline.Token));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(0, root.Available);
    }

    [Fact]
    public async Task The_namespace_address_exists_only_inside_it()
    {
        await using var network = await NetworkNamespace.CreateAsync(new NetworkNamespaceOptions(), CancellationToken.None);
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        var error = Assert.Throws<SocketException>(() => outside.Bind(new IPEndPoint(network.Address, 0)));

        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
        Assert.NotEqual(NamespaceInode(OwnNamespace), NamespaceInode(network.Path));
    }

    [Fact]
    public async Task Disposal_deletes_the_namespace()
    {
        var network = await NetworkNamespace.CreateAsync(new NetworkNamespaceOptions { NamePrefix = "octomesh-test" }, CancellationToken.None);
        Assert.StartsWith($"octomesh-test-{Environment.ProcessId}-", network.Name);
        Assert.Contains(network.Name, await NamespacesAsync());

        await network.DisposeAsync();

        Assert.False(File.Exists(network.Path), $"{network.Path} is still there");
        Assert.DoesNotContain(network.Name, await NamespacesAsync());
        Assert.Throws<ObjectDisposedException>(() => network.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
    }

    [Fact]
    public async Task Without_iproute2_creation_fails_with_one_line_naming_what_is_missing()
    {
        var options = new NetworkNamespaceOptions { IpExecutable = "/nonexistent/sbin/ip" };

        var error = await Assert.ThrowsAsync<LoadRunException>(() => NetworkNamespace.CreateAsync(options, CancellationToken.None));

        Assert.Contains("/nonexistent/sbin/ip", error.Message);
        Assert.Contains("iproute2", error.Message);
        Assert.Contains("root", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The names <c>ip netns list</c> prints.</summary>
    internal static async Task<IReadOnlyList<string>> NamespacesAsync()
    {
        var start = new ProcessStartInfo("/usr/sbin/ip", "netns list") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0])];
    }

    /// <summary>
    /// The inode of a namespace file (<c>/proc/{pid}/ns/net</c>, or a namespace bind-mounted by <c>ip netns</c>):
    /// two files are the same namespace exactly when these match.
    /// </summary>
    internal static ulong NamespaceInode(string path)
    {
        var start = new ProcessStartInfo("stat", ["-L", "-c", "%i", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return ulong.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>This test process's own network namespace.</summary>
    internal static string OwnNamespace => $"/proc/{Environment.ProcessId}/ns/net";

    private static Socket Bound(NetworkNamespace network, IPAddress address)
    {
        var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
