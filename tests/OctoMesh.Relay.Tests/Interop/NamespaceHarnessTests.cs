using System.Net;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.Namespaces;
using OctoMesh.Testing.WireGuard;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// Proves the harness on its own: sockets made through setns(2) live in the test's namespace,
/// and two wireguard-go interfaces in two namespaces, joined by a veth pair that exists only
/// between those namespaces, carry UDP both ways after a real handshake.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class NamespaceHarnessTests
{
    [Fact]
    public async Task ASocketCreatedThroughSetnsLivesInTheNamespace()
    {
        await using var networkNamespace = await NetworkNamespace.CreateAsync();
        var namespaceBefore = File.ResolveLinkTarget("/proc/thread-self/ns/net", returnFinalTarget: false)?.ToString();

        using var first = networkNamespace.CreateUdpSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = networkNamespace.CreateUdpSocket(new IPEndPoint(IPAddress.Loopback, 0));
        var firstPort = Datagrams.LocalEndPoint(first).Port;

        // The namespace's own socket table lists the port: the socket is there, not in the host's namespace.
        var sockets = await networkNamespace.ExecAsync("ss", "-H", "-u", "-l", "-n");
        Assert.Contains($"127.0.0.1:{firstPort}", sockets);
        await Datagrams.SendAsync(second, "inside", Datagrams.LocalEndPoint(first));
        var (text, from) = await Datagrams.ReceiveAsync(first, "a datagram across the namespace's loopback");
        Assert.Equal("inside", text);
        Assert.Equal(Datagrams.LocalEndPoint(second), from);
        // The calling thread never left the process's namespace.
        Assert.Equal(namespaceBefore, File.ResolveLinkTarget("/proc/thread-self/ns/net", returnFinalTarget: false)?.ToString());
    }

    [Fact]
    public async Task TwoWireGuardGoInterfacesCarryUdpBothWaysOverAVethBetweenTestNamespaces()
    {
        await using var left = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        await using var right = await WireGuardGoNamespace.StartAsync("10.99.0.2/24");
        // The underlay: a veth pair created inside the left namespace with its other end moved
        // straight into the right one; it never exists in the host's namespace.
        await left.Namespace.IpAsync("link", "add", "om-veth-l", "type", "veth", "peer", "name", "om-veth-r", "netns", right.Namespace.Name);
        await left.Namespace.IpAsync("address", "add", "10.98.0.1/30", "dev", "om-veth-l");
        await right.Namespace.IpAsync("address", "add", "10.98.0.2/30", "dev", "om-veth-r");
        await left.Namespace.IpAsync("link", "set", "om-veth-l", "up");
        await right.Namespace.IpAsync("link", "set", "om-veth-r", "up");
        await left.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
            right.Keys.PublicKey, [IPNetwork.Parse("10.99.0.2/32")], new IPEndPoint(IPAddress.Parse("10.98.0.2"), right.ListenPort)));
        await right.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
            left.Keys.PublicKey, [IPNetwork.Parse("10.99.0.1/32")], new IPEndPoint(IPAddress.Parse("10.98.0.1"), left.ListenPort)));

        using var leftSocket = left.CreateOverlaySocket();
        using var rightSocket = right.CreateOverlaySocket();
        await Datagrams.SendAsync(leftSocket, "left to right", Datagrams.LocalEndPoint(rightSocket));
        var (atRight, fromLeft) = await Datagrams.ReceiveAsync(rightSocket, "left to right through wireguard-go");
        await Datagrams.SendAsync(rightSocket, "right to left", fromLeft);
        var (atLeft, fromRight) = await Datagrams.ReceiveAsync(leftSocket, "right to left through wireguard-go");

        Assert.Equal("left to right", atRight);
        Assert.Equal(Datagrams.LocalEndPoint(leftSocket), fromLeft);
        Assert.Equal("right to left", atLeft);
        Assert.Equal(Datagrams.LocalEndPoint(rightSocket), fromRight);
        var leftView = Assert.Single((await left.Client.GetDeviceAsync()).Peers);
        Assert.NotNull(leftView.LastHandshake);
        Assert.True(leftView.ReceivedBytes > 0 && leftView.TransmittedBytes > 0, $"counters: {leftView}");
        // wireguard-tools reads the same device and sees the handshake too.
        var handshakes = await right.WgShowAsync("latest-handshakes");
        Assert.Contains(left.Keys.PublicKey, handshakes);
        Assert.DoesNotContain($"{left.Keys.PublicKey}\t0", handshakes);
    }
}
