using System.Net;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.WireGuard;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// The UAPI client and <see cref="OsWireGuardInterface"/> against a real wireguard-go in a test
/// namespace, cross-checked with wireguard-tools' <c>wg show</c>.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class UapiWireGuardGoTests
{
    [Fact]
    public async Task ConfiguresKeyPortAndPeersAsWgShowsThem()
    {
        await using var host = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        var peer = TestKeyPair.Generate();
        var presharedKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

        await host.Client.SetListenPortAsync(0);
        await host.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
            peer.PublicKey,
            [IPNetwork.Parse("10.99.0.2/32"), IPNetwork.Parse("10.99.1.0/24")],
            new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40001),
            presharedKey,
            TimeSpan.FromSeconds(25)));
        var state = await host.Client.GetDeviceAsync();

        Assert.Equal(host.Keys.PrivateKey, state.PrivateKey);
        Assert.NotNull(state.ListenPort);
        var seen = Assert.Single(state.Peers);
        Assert.Equal(peer.PublicKey, seen.PublicKey);
        Assert.Equal(presharedKey, seen.PresharedKey);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40001), seen.Endpoint);
        Assert.Equal(
            new[] { IPNetwork.Parse("10.99.0.2/32"), IPNetwork.Parse("10.99.1.0/24") }.ToHashSet(),
            seen.AllowedIps.ToHashSet());
        Assert.Equal(TimeSpan.FromSeconds(25), seen.PersistentKeepalive);
        Assert.Null(seen.LastHandshake);

        // wg show <iface> dump: the interface line, then one line per peer:
        // public-key preshared-key endpoint allowed-ips latest-handshake rx tx keepalive
        var dump = (await host.WgShowAsync("dump")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{host.Keys.PrivateKey}\t{host.Keys.PublicKey}\t{state.ListenPort}\toff", dump[0]);
        var peerFields = dump[1].Split('\t');
        Assert.Equal([peer.PublicKey, presharedKey, "127.0.0.1:40001"], peerFields[..3]);
        Assert.Equal("25", peerFields[7]);
    }

    [Fact]
    public async Task UpdatingAPeerReplacesItsAllowedIpsAndRemovingItEmptiesTheDevice()
    {
        await using var host = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        var peer = TestKeyPair.Generate();
        await host.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(peer.PublicKey, [IPNetwork.Parse("10.99.0.2/32")]));

        await host.Client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(peer.PublicKey, [IPNetwork.Parse("10.99.0.3/32")]));
        var afterUpdate = await host.WgShowAsync("allowed-ips");
        await host.Client.RemovePeerAsync(peer.PublicKey);

        Assert.Equal($"{peer.PublicKey}\t10.99.0.3/32", afterUpdate.Trim());
        Assert.Empty((await host.Client.GetDeviceAsync()).Peers);
        Assert.Equal("", (await host.WgShowAsync("peers")).Trim());
    }

    [Fact]
    public async Task OsInterfaceConfiguresKeyAndListenPortInOneOperation()
    {
        await using var host = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        var wireGuard = new OsWireGuardInterface(host.Device.InterfaceName, host.Client);
        var bridgeKeys = TestKeyPair.Generate();
        int freePort;
        using (var probe = host.Namespace.CreateUdpSocket(new IPEndPoint(IPAddress.Any, 0)))
        {
            // A fresh namespace has nothing else that could take the port once the probe closes.
            freePort = Datagrams.LocalEndPoint(probe).Port;
        }

        await wireGuard.ConfigureAsync(bridgeKeys.PrivateKey, freePort);

        Assert.Equal(bridgeKeys.PublicKey, (await host.WgShowAsync("public-key")).Trim());
        Assert.Equal(freePort.ToString(System.Globalization.CultureInfo.InvariantCulture), (await host.WgShowAsync("listen-port")).Trim());
        Assert.Equal(bridgeKeys.PrivateKey, (await wireGuard.GetStateAsync()).PrivateKey);
    }

    [Fact]
    public async Task ATakenListenPortComesBackAsEaddrinuse()
    {
        await using var host = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        using var squatter = host.Namespace.CreateUdpSocket(new IPEndPoint(IPAddress.Any, 0));

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(
            () => host.Client.SetListenPortAsync(Datagrams.LocalEndPoint(squatter).Port));

        Assert.Equal(98, Math.Abs(failure.Errno ?? 0));
        Assert.Contains("EADDRINUSE", failure.Message);
    }

    [Fact]
    public async Task OsInterfaceSynchronizesPeersAsBridgesComeAndGo()
    {
        await using var host = await WireGuardGoNamespace.StartAsync("10.99.0.1/24");
        var wireGuard = new OsWireGuardInterface(host.Device.InterfaceName, host.Client);
        var (frankfurt, virginia, sydney) = (TestKeyPair.Generate(), TestKeyPair.Generate(), TestKeyPair.Generate());
        var frankfurtPeer = new WireGuardUapiPeer(
            frankfurt.PublicKey, [IPNetwork.Parse("10.99.0.2/32")], new IPEndPoint(IPAddress.Loopback, 41002));
        var virginiaPeer = new WireGuardUapiPeer(
            virginia.PublicKey, [IPNetwork.Parse("10.99.0.3/32")], new IPEndPoint(IPAddress.Loopback, 41003));
        var sydneyPeer = new WireGuardUapiPeer(
            sydney.PublicKey, [IPNetwork.Parse("10.99.0.4/32")], new IPEndPoint(IPAddress.Loopback, 41004));

        var first = await wireGuard.SynchronizePeersAsync([frankfurtPeer, virginiaPeer]);
        var again = await wireGuard.SynchronizePeersAsync([frankfurtPeer, virginiaPeer]);
        // Virginia leaves, Sydney joins, Frankfurt moves to a new endpoint.
        var movedFrankfurt = frankfurtPeer with { Endpoint = new IPEndPoint(IPAddress.Loopback, 42002) };
        var changed = await wireGuard.SynchronizePeersAsync([movedFrankfurt, sydneyPeer]);

        Assert.Equal(new WireGuardPeerSyncResult(Added: 2, Updated: 0, Removed: 0, Unchanged: 0), first);
        Assert.Equal(new WireGuardPeerSyncResult(Added: 0, Updated: 0, Removed: 0, Unchanged: 2), again);
        Assert.Equal(new WireGuardPeerSyncResult(Added: 1, Updated: 1, Removed: 1, Unchanged: 0), changed);
        var endpoints = (await host.WgShowAsync("endpoints"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal(
            new HashSet<string> { $"{frankfurt.PublicKey}\t127.0.0.1:42002", $"{sydney.PublicKey}\t127.0.0.1:41004" },
            endpoints);
    }
}
