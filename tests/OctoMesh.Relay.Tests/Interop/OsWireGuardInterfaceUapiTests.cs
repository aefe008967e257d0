using System.Net;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.WireGuard;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary><see cref="OsWireGuardInterface"/> keeping a fake UAPI device's peers in step with the mesh.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class OsWireGuardInterfaceUapiTests
{
    private static WireGuardUapiPeer Bridge(int host, int port) => new(
        TestKeyPair.Generate().PublicKey, [IPNetwork.Parse($"10.99.0.{host}/32")], new IPEndPoint(IPAddress.Loopback, port));

    [Fact]
    public async Task BridgesAppearingAndLeavingAddAndRemoveTheirPeers()
    {
        await using var fake = FakeUapiDevice.Start();
        var wireGuard = new OsWireGuardInterface("wg-om-fake", new WireGuardUapiClient(fake.SocketPath));
        var (virginia, sydney) = (Bridge(2, 41002), Bridge(3, 41003));

        Assert.Equal(new WireGuardPeerSyncResult(1, 0, 0, 0), await wireGuard.PeerAppearedAsync(virginia));
        Assert.Equal(new WireGuardPeerSyncResult(1, 0, 0, 1), await wireGuard.PeerAppearedAsync(sydney));
        Assert.Equal(new WireGuardPeerSyncResult(0, 0, 1, 1), await wireGuard.PeerLeftAsync(virginia.PublicKey));

        var state = await wireGuard.GetStateAsync();
        Assert.Equal([sydney.PublicKey], state.Peers.Select(peer => peer.PublicKey));
        Assert.Equal([sydney.PublicKey], wireGuard.DesiredPeers.Select(peer => peer.PublicKey));
    }

    [Fact]
    public async Task AnUnchangedMeshWritesNothingAndForeignPeersAreRemoved()
    {
        await using var fake = FakeUapiDevice.Start();
        var client = new WireGuardUapiClient(fake.SocketPath);
        var wireGuard = new OsWireGuardInterface("wg-om-fake", client);
        var stranger = Bridge(9, 41009);
        await client.AddOrUpdatePeerAsync(stranger);
        var virginia = Bridge(2, 41002);

        var first = await wireGuard.SynchronizePeersAsync([virginia]);
        var requestsAfterFirst = fake.Requests.Count;
        var second = await wireGuard.ResynchronizeAsync();

        Assert.Equal(new WireGuardPeerSyncResult(1, 0, 1, 0), first);
        Assert.Equal(new WireGuardPeerSyncResult(0, 0, 0, 1), second);
        // The second pass only read the device (get=1), it wrote no set=1.
        Assert.Equal(["get=1\n\n"], fake.Requests.Skip(requestsAfterFirst));
    }

    [Fact]
    public async Task ChangedAllowedIpsKeepaliveOrPresharedKeyUpdateThePeer()
    {
        await using var fake = FakeUapiDevice.Start();
        var wireGuard = new OsWireGuardInterface("wg-om-fake", new WireGuardUapiClient(fake.SocketPath));
        var virginia = Bridge(2, 41002);
        await wireGuard.PeerAppearedAsync(virginia);

        var moved = await wireGuard.PeerAppearedAsync(virginia with { AllowedIps = [IPNetwork.Parse("10.99.0.22/32")] });
        var keepalive = await wireGuard.PeerAppearedAsync(virginia with
        {
            AllowedIps = [IPNetwork.Parse("10.99.0.22/32")],
            PersistentKeepalive = TimeSpan.FromSeconds(25),
        });
        var presharedKey = await wireGuard.PeerAppearedAsync(virginia with
        {
            AllowedIps = [IPNetwork.Parse("10.99.0.22/32")],
            PersistentKeepalive = TimeSpan.FromSeconds(25),
            PresharedKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
        });

        Assert.All([moved, keepalive, presharedKey], result => Assert.Equal(new WireGuardPeerSyncResult(0, 1, 0, 0), result));
        var peer = Assert.Single((await wireGuard.GetStateAsync()).Peers);
        Assert.Equal([IPNetwork.Parse("10.99.0.22/32")], peer.AllowedIps);
        Assert.Equal(TimeSpan.FromSeconds(25), peer.PersistentKeepalive);
        Assert.NotNull(peer.PresharedKey);
    }

    [Fact]
    public async Task ARejectedSynchronizationKeepsTheOldDesiredSet()
    {
        await using var fake = FakeUapiDevice.Start();
        var wireGuard = new OsWireGuardInterface("wg-om-fake", new WireGuardUapiClient(fake.SocketPath));
        var virginia = Bridge(2, 41002);
        await wireGuard.PeerAppearedAsync(virginia);
        fake.ReplyOverride = request => request.StartsWith("set=1", StringComparison.Ordinal) ? "errno=-22\n\n" : null;

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => wireGuard.PeerAppearedAsync(Bridge(3, 41003)));

        Assert.Equal(-22, failure.Errno);
        Assert.Equal([virginia.PublicKey], wireGuard.DesiredPeers.Select(peer => peer.PublicKey));
    }

    [Fact]
    public async Task TheSameKeyTwiceInTheDesiredSetIsAProgrammingError()
    {
        await using var fake = FakeUapiDevice.Start();
        var wireGuard = new OsWireGuardInterface("wg-om-fake", new WireGuardUapiClient(fake.SocketPath));
        var virginia = Bridge(2, 41002);

        await Assert.ThrowsAsync<ArgumentException>(() => wireGuard.SynchronizePeersAsync([virginia, virginia with { Endpoint = null }]));
    }
}
