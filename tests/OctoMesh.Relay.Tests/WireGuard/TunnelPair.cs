using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using System.Net;
using OctoMesh.Relay.WireGuard;

namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>
/// Two embedded tunnels on real loopback UDP sharing one virtual clock (wireguard-go's
/// genTestPair(realSocket)): Alice (10.77.0.1) knows Bob's endpoint — through an interceptor —
/// and Bob (10.77.0.2) only answers until he hears from Alice.
/// </summary>
public sealed class TunnelPair : IDisposable
{
    public static readonly IPAddress AliceOverlay = IPAddress.Parse("10.77.0.1");
    public static readonly IPAddress BobOverlay = IPAddress.Parse("10.77.0.2");

    public TunnelPair(string? presharedKey = null, TimeSpan? alicePersistentKeepalive = null)
    {
        AliceKeys = WireGuardKeyPair.Generate();
        BobKeys = WireGuardKeyPair.Generate();
        Alice = Create(AliceKeys, AliceOverlay, AliceReceived);
        Bob = Create(BobKeys, BobOverlay, BobReceived);
        Wire = new UdpInterceptor(Bob.LocalEndPoint);
        Alice.AddPeer(new WireGuardPeerConfig
        {
            PublicKey = BobKeys.PublicKey,
            PresharedKey = presharedKey,
            Endpoint = Wire.LeftFacing,
            OverlayAddress = BobOverlay,
            PersistentKeepalive = alicePersistentKeepalive,
        });
        Bob.AddPeer(new WireGuardPeerConfig { PublicKey = AliceKeys.PublicKey, PresharedKey = presharedKey, OverlayAddress = AliceOverlay });
    }

    public FakeTimeProvider Time { get; } = new();

    public WireGuardKeyPair AliceKeys { get; }

    public WireGuardKeyPair BobKeys { get; }

    public WireGuardTunnel Alice { get; }

    public WireGuardTunnel Bob { get; }

    public UdpInterceptor Wire { get; }

    public ConcurrentQueue<ReceivedDatagram> AliceReceived { get; } = new();

    public ConcurrentQueue<ReceivedDatagram> BobReceived { get; } = new();

    public WireGuardTunnel Create(WireGuardKeyPair keys, IPAddress overlay, ConcurrentQueue<ReceivedDatagram> received)
    {
        WireGuardTunnel tunnel = new(keys, overlay, new IPEndPoint(IPAddress.Loopback, 0), Time);
        tunnel.DatagramReceived += (source, sourcePort, destinationPort, payload) =>
            received.Enqueue(new ReceivedDatagram(source, sourcePort, destinationPort, payload.ToArray()));
        return tunnel;
    }

    /// <summary>Alice sends, Bob answers: one completed handshake and one datagram each way.</summary>
    public async Task ExchangeAsync()
    {
        int bobBefore = BobReceived.Count;
        int aliceBefore = AliceReceived.Count;
        Assert.True(Alice.SendDatagram(BobOverlay, 4000, 5000, "ping"u8));
        await Eventually.Until(() => BobReceived.Count > bobBefore, Eventually.Patience, "Bob receives Alice's datagram");
        Assert.True(Bob.SendDatagram(AliceOverlay, 5000, 4000, "pong"u8));
        await Eventually.Until(() => AliceReceived.Count > aliceBefore, Eventually.Patience, "Alice receives Bob's datagram");
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
        Wire.Dispose();
    }
}

public sealed record ReceivedDatagram(IPAddress Source, ushort SourcePort, ushort DestinationPort, byte[] Payload);
