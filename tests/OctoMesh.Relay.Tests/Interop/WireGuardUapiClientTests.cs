using System.Net;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.WireGuard;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>The UAPI client's protocol text and error handling, against a fake device on a real UNIX socket.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class WireGuardUapiClientTests
{
    private static readonly TestKeyPair Device = TestKeyPair.Generate();
    private static readonly TestKeyPair Peer = TestKeyPair.Generate();

    [Fact]
    public async Task SetPrivateKeyAndListenPortWriteHexKeyAndPort()
    {
        await using var fake = FakeUapiDevice.Start();
        var client = new WireGuardUapiClient(fake.SocketPath);

        await client.SetPrivateKeyAsync(Device.PrivateKey);
        await client.SetListenPortAsync(51999);

        Assert.Equal(
            [$"set=1\nprivate_key={Hex(Device.PrivateKey)}\n\n", "set=1\nlisten_port=51999\n\n"],
            fake.Requests);
        var state = await client.GetDeviceAsync();
        Assert.Equal(Device.PrivateKey, state.PrivateKey);
        Assert.Equal(51999, state.ListenPort);
    }

    [Fact]
    public async Task AddOrUpdatePeerWritesEveryPeerKeyAndReplacesAllowedIps()
    {
        await using var fake = FakeUapiDevice.Start();
        var client = new WireGuardUapiClient(fake.SocketPath);
        var presharedKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

        await client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
            Peer.PublicKey,
            [IPNetwork.Parse("10.99.0.2/32"), IPNetwork.Parse("fd00:99::2/128")],
            new IPEndPoint(IPAddress.Parse("2001:db8::7"), 51820),
            presharedKey,
            TimeSpan.FromSeconds(25)));

        Assert.Equal(
            "set=1\n" +
            $"public_key={Hex(Peer.PublicKey)}\n" +
            $"preshared_key={Hex(presharedKey)}\n" +
            "endpoint=[2001:db8::7]:51820\n" +
            "persistent_keepalive_interval=25\n" +
            "replace_allowed_ips=true\n" +
            "allowed_ip=10.99.0.2/32\n" +
            "allowed_ip=fd00:99::2/128\n" +
            "\n",
            Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task GetDeviceParsesPeersWithHandshakeTimeAndCounters()
    {
        await using var fake = FakeUapiDevice.Start();
        var client = new WireGuardUapiClient(fake.SocketPath);
        await client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(
            Peer.PublicKey, [IPNetwork.Parse("10.99.0.2/32")], new IPEndPoint(IPAddress.Loopback, 40000)));

        var state = await client.GetDeviceAsync();

        var peer = Assert.Single(state.Peers);
        Assert.Equal(Peer.PublicKey, peer.PublicKey);
        Assert.Null(peer.PresharedKey);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40000), peer.Endpoint);
        Assert.Equal([IPNetwork.Parse("10.99.0.2/32")], peer.AllowedIps);
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(FakeUapiDevice.HandshakeSeconds).AddMilliseconds(500),
            peer.LastHandshake);
        Assert.Equal(FakeUapiDevice.ReceivedBytes, peer.ReceivedBytes);
        Assert.Equal(FakeUapiDevice.TransmittedBytes, peer.TransmittedBytes);
        Assert.Equal(TimeSpan.Zero, peer.PersistentKeepalive);
        Assert.Equal(1, peer.ProtocolVersion);
    }

    [Fact]
    public async Task RemovePeerWritesRemoveTrue()
    {
        await using var fake = FakeUapiDevice.Start();
        var client = new WireGuardUapiClient(fake.SocketPath);
        await client.AddOrUpdatePeerAsync(new WireGuardUapiPeer(Peer.PublicKey, [IPNetwork.Parse("10.99.0.2/32")]));

        await client.RemovePeerAsync(Peer.PublicKey);

        Assert.Equal($"set=1\npublic_key={Hex(Peer.PublicKey)}\nremove=true\n\n", fake.Requests[^1]);
        Assert.Empty((await client.GetDeviceAsync()).Peers);
    }

    [Fact]
    public async Task NonZeroErrnoBecomesAnExceptionNamingTheError()
    {
        await using var fake = FakeUapiDevice.Start();
        fake.ReplyOverride = _ => "errno=-22\n\n";
        var client = new WireGuardUapiClient(fake.SocketPath);

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => client.SetListenPortAsync(1));

        Assert.Equal(-22, failure.Errno);
        Assert.Equal(fake.SocketPath, failure.SocketPath);
        Assert.Contains("EINVAL", failure.Message);
        Assert.Contains("set", failure.Message);
    }

    [Theory]
    [InlineData("listen_port=51820\n\n", "no errno")]
    [InlineData("garbage\nerrno=0\n\n", "not key=value")]
    [InlineData("public_key=abc\nerrno=0\n\n", "public_key")]
    [InlineData("listen_port=99999\nerrno=0\n\n", "listen_port")]
    [InlineData("errno=0\nlisten_port=1\n\n", "must close the reply")]
    [InlineData("errno=zero\n\n", "errno")]
    public async Task RepliesThatBreakTheProtocolBecomeAnException(string reply, string expectedProblem)
    {
        await using var fake = FakeUapiDevice.Start();
        fake.ReplyOverride = _ => reply;
        var client = new WireGuardUapiClient(fake.SocketPath);

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => client.GetDeviceAsync());

        Assert.Contains("not a UAPI reply", failure.Message);
        Assert.Contains(expectedProblem, failure.Message);
        Assert.Null(failure.Errno);
    }

    [Fact]
    public async Task ADeviceThatClosesWithoutAnsweringIsReported()
    {
        await using var fake = FakeUapiDevice.Start();
        fake.CloseWithoutReply = true;
        var client = new WireGuardUapiClient(fake.SocketPath);

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => client.GetDeviceAsync());

        Assert.Contains("no errno", failure.Message);
    }

    [Fact]
    public async Task ASilentDeviceTimesOut()
    {
        await using var fake = FakeUapiDevice.Start();
        fake.Silent = true;
        var client = new WireGuardUapiClient(fake.SocketPath, TimeSpan.FromMilliseconds(300));

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => client.GetDeviceAsync());

        Assert.Contains("no complete reply", failure.Message);
    }

    [Fact]
    public async Task AMissingSocketNamesThePath()
    {
        var client = WireGuardUapiClient.ForInterface("wg-om-none", Path.GetTempPath());

        var failure = await Assert.ThrowsAsync<WireGuardUapiException>(() => client.GetDeviceAsync());

        Assert.Contains(Path.Combine(Path.GetTempPath(), "wg-om-none.sock"), failure.Message);
        Assert.Contains("Cannot reach", failure.Message);
    }

    [Fact]
    public void KeysThatAreNotThirtyTwoBytesAreRejectedWithoutEchoingThem()
    {
        var client = new WireGuardUapiClient("/nonexistent.sock");

        var failure = Assert.Throws<ArgumentException>(() => { _ = client.SetPrivateKeyAsync("c2VjcmV0"); });

        Assert.DoesNotContain("c2VjcmV0", failure.Message);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("wg0/../../x")]
    [InlineData("an-interface-name-too-long")]
    [InlineData("")]
    public void UnusableInterfaceNamesAreRejected(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => WireGuardUapiClient.ForInterface(name));

    internal static string Hex(string base64Key) => Convert.ToHexStringLower(Convert.FromBase64String(base64Key));
}
