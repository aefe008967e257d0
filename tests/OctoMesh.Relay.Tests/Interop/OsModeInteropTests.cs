using System.Net;
using OctoMesh.Relay.WireGuard.Os;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// An os-mode side (wireguard-go programmed only through <see cref="OsWireGuardInterface"/>) and
/// an embedded side (<c>WireGuardTunnel</c>) as two bridges would meet: the os-mode bridge adds
/// the embedded bridge's peer when it appears, traffic flows both ways, the peer goes when the
/// bridge leaves, and comes back when it reappears.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OsModeInteropTests
{
    [Fact]
    public async Task OsModePeerFollowsTheEmbeddedBridgeAppearingLeavingAndReturning()
    {
        await using var pair = await EmbeddedWireGuardPair.StartAsync(programWireGuardGo: false);
        var osMode = new OsWireGuardInterface(pair.Host.Device.InterfaceName, pair.Host.Client);
        using var plain = pair.Host.CreateOverlaySocket();
        var plainPort = (ushort)Datagrams.LocalEndPoint(plain).Port;
        var embedded = new IPEndPoint(EmbeddedWireGuardPair.EmbeddedOverlay, EmbeddedWireGuardPair.EmbeddedPort);

        Assert.Equal(new WireGuardPeerSyncResult(1, 0, 0, 0), await osMode.PeerAppearedAsync(pair.EmbeddedAsUapiPeer));
        await Datagrams.SendAsync(plain, "os to embedded", embedded);
        Assert.Equal(
            (pair.Host.OverlayAddress, plainPort, EmbeddedWireGuardPair.EmbeddedPort, "os to embedded"),
            await pair.ReceiveAsync("the os-mode side's datagram once its peer was added"));
        Assert.True(pair.Tunnel.SendDatagram(pair.Host.OverlayAddress, EmbeddedWireGuardPair.EmbeddedPort, plainPort, "embedded to os"u8));
        Assert.Equal("embedded to os", (await Datagrams.ReceiveAsync(plain, "the embedded side's answer")).Text);

        Assert.Equal(new WireGuardPeerSyncResult(0, 0, 1, 0), await osMode.PeerLeftAsync(pair.Tunnel.PublicKey));
        Assert.Equal("", (await pair.Host.WgShowAsync("peers")).Trim());

        // The bridge is back: wireguard-go lost its session with the peer, so it handshakes anew
        // as initiator and the embedded side, which still holds the old session, accepts the new one.
        Assert.Equal(new WireGuardPeerSyncResult(1, 0, 0, 0), await osMode.PeerAppearedAsync(pair.EmbeddedAsUapiPeer));
        await Datagrams.SendAsync(plain, "os to embedded again", embedded);
        Assert.Equal(
            (pair.Host.OverlayAddress, plainPort, EmbeddedWireGuardPair.EmbeddedPort, "os to embedded again"),
            await pair.ReceiveAsync("the os-mode side's datagram after the peer returned"));
        Assert.True(pair.Tunnel.SendDatagram(pair.Host.OverlayAddress, EmbeddedWireGuardPair.EmbeddedPort, plainPort, "embedded to os again"u8));
        Assert.Equal("embedded to os again", (await Datagrams.ReceiveAsync(plain, "the embedded side's answer on the new session")).Text);
    }
}
