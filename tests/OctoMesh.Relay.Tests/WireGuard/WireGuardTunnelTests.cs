using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OctoMesh.Relay.WireGuard;

namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>Two embedded tunnels over real loopback UDP, with an interceptor on the wire and a virtual clock.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class WireGuardTunnelTests
{
    [Fact]
    public async Task Handshake_completes_and_datagrams_flow_both_ways()
    {
        using TunnelPair pair = new();

        await pair.ExchangeAsync();

        Assert.True(pair.BobReceived.TryDequeue(out ReceivedDatagram? atBob));
        Assert.Equal(TunnelPair.AliceOverlay, atBob.Source);
        Assert.Equal((ushort)4000, atBob.SourcePort);
        Assert.Equal((ushort)5000, atBob.DestinationPort);
        Assert.Equal("ping"u8.ToArray(), atBob.Payload);
        Assert.True(pair.AliceReceived.TryDequeue(out ReceivedDatagram? atAlice));
        Assert.Equal(TunnelPair.BobOverlay, atAlice.Source);
        Assert.Equal("pong"u8.ToArray(), atAlice.Payload);
        Assert.Equal(1, pair.Alice.Counters.HandshakesCompleted);
        Assert.Equal(1, pair.Bob.Counters.HandshakesCompleted);
        Assert.Equal(1, pair.Alice.Counters.PacketsOut);
        Assert.Equal(4, pair.Bob.Counters.BytesIn);
    }

    [Fact]
    public async Task Preshared_key_handshake_completes()
    {
        using TunnelPair pair = new(presharedKey: WireGuardKeyPair.GeneratePresharedKey());
        await pair.ExchangeAsync();
        Assert.Equal(1, pair.Alice.Counters.HandshakesCompleted);
    }

    [Fact]
    public async Task Messages_on_the_wire_have_exactly_the_protocol_sizes()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        byte[] payload = new byte[1000];
        Assert.True(pair.Alice.SendDatagram(TunnelPair.BobOverlay, 1, 2, payload));
        await Eventually.Until(() => pair.BobReceived.Count == 2, Eventually.Patience, "Bob receives the 1000-byte datagram");

        byte[][] toBob = [.. pair.Wire.ToRight];
        byte[][] toAlice = [.. pair.Wire.ToLeft];
        Assert.Equal(1u, TypeOf(toBob[0]));
        Assert.Equal(148, toBob[0].Length);
        Assert.Equal(2u, TypeOf(toAlice[0]));
        Assert.Equal(92, toAlice[0].Length);
        foreach (byte[] message in toBob.Skip(1).Concat(toAlice.Skip(1)))
        {
            Assert.Equal(4u, TypeOf(message));
            Assert.Equal(0, (message.Length - 32) % 16);
        }
        // "ping" in IPv4/UDP is 32 bytes: 16 header + 32 + 16 tag. 1000 bytes: 1028 padded to 1040.
        Assert.Equal(16 + 32 + 16, toBob[1].Length);
        Assert.Equal(16 + 1040 + 16, toBob[^1].Length);
        Assert.DoesNotContain(toBob, message => message.AsSpan().IndexOf("ping"u8) >= 0);
    }

    [Fact]
    public async Task Replayed_transport_message_is_rejected_and_counted()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        byte[] dataMessage = pair.Wire.ToRight.Last(message => TypeOf(message) == 4);

        pair.Wire.ReplayToRight(dataMessage);

        await Eventually.Until(() => pair.Bob.Counters.ReplaysRejected == 1, Eventually.Patience, "Bob rejects the replayed transport message");
        Assert.Single(pair.BobReceived);
    }

    [Fact]
    public async Task Replayed_initiation_is_rejected_by_its_timestamp()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        byte[] initiation = pair.Wire.ToRight.First(message => TypeOf(message) == 1);
        pair.Time.Advance(TimeSpan.FromSeconds(1));

        pair.Wire.ReplayToRight(initiation);

        await Eventually.Until(() => pair.Bob.Counters.ReplayedInitiations == 1, Eventually.Patience, "Bob rejects the replayed initiation (TAI64N)");
        Assert.Equal(1, pair.Bob.Counters.HandshakeResponsesSent);
        Assert.Single(pair.Wire.ToLeft, message => TypeOf(message) == 2);
    }

    [Fact]
    public async Task Initiation_from_an_unknown_key_gets_no_answer()
    {
        using TunnelPair pair = new();
        using UdpInterceptor wire = new(pair.Bob.LocalEndPoint);
        using WireGuardTunnel stranger = pair.Create(WireGuardKeyPair.Generate(), IPAddress.Parse("10.77.0.9"), new());
        stranger.AddPeer(new WireGuardPeerConfig { PublicKey = pair.BobKeys.PublicKey, Endpoint = wire.LeftFacing, OverlayAddress = TunnelPair.BobOverlay });

        Assert.True(stranger.SendDatagram(TunnelPair.BobOverlay, 1, 2, "let me in"u8));

        await Eventually.Until(() => pair.Bob.Counters.InitiationsFromUnknownKeys == 1, Eventually.Patience, "Bob drops the unknown key's initiation");
        Assert.Empty(wire.ToLeft);
        Assert.Equal(0, pair.Bob.Counters.HandshakeResponsesSent);
        Assert.Equal(0, stranger.Counters.HandshakesCompleted);
    }

    [Fact]
    public async Task Initiation_with_bad_mac1_is_dropped()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        byte[] initiation = pair.Wire.ToRight.First(message => TypeOf(message) == 1);
        initiation[120] ^= 0x01;
        using Socket attacker = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        attacker.SendTo(initiation, pair.Bob.LocalEndPoint);

        await Eventually.Until(() => pair.Bob.Counters.InvalidMac1 == 1, Eventually.Patience, "Bob counts the bad mac1");
        Assert.Equal(0, attacker.Available);
        Assert.Equal(0, pair.Bob.Counters.ReplayedInitiations);
        Assert.Equal(1, pair.Bob.Counters.HandshakeResponsesSent);
    }

    [Fact]
    public async Task Under_load_the_responder_sends_a_cookie_and_the_retry_with_mac2_succeeds()
    {
        using TunnelPair pair = new();
        pair.Bob.ForceUnderLoad = true;

        Assert.True(pair.Alice.SendDatagram(TunnelPair.BobOverlay, 4000, 5000, "ping"u8));
        await Eventually.Until(() => pair.Alice.Counters.CookieRepliesReceived == 1, Eventually.Patience, "Alice receives Bob's cookie reply");
        Assert.Equal(1, pair.Bob.Counters.CookieRepliesSent);
        byte[] cookieReply = pair.Wire.ToLeft.Single();
        Assert.Equal(3u, TypeOf(cookieReply));
        Assert.Equal(64, cookieReply.Length);
        Assert.Equal(0, pair.Bob.Counters.HandshakeResponsesSent);

        pair.Time.Advance(WireGuardTimers.RekeyTimeout + TimeSpan.FromMilliseconds(400));

        await Eventually.Until(() => pair.BobReceived.Count == 1, Eventually.Patience, "the retried initiation (with mac2) completes and the queued datagram arrives");
        Assert.Equal(1, pair.Bob.Counters.CookieRepliesSent);
        Assert.Equal(2, pair.Alice.Counters.HandshakeInitiationsSent);
        Assert.Equal(1, pair.Alice.Counters.HandshakesCompleted);
    }

    [Fact]
    public async Task Initiator_rekeys_after_REKEY_AFTER_TIME()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();

        // 11 s: Alice answers Bob's data with a keepalive. Time moves in two steps so that the
        // keepalive reaches Bob before his own §6.2 timer (15 s without hearing back) is due, as
        // it would in real time; one jump of 119 s would fire both at once and let Bob rekey.
        pair.Time.Advance(WireGuardTimers.KeepaliveTimeout + TimeSpan.FromSeconds(1));
        await Eventually.Until(() => pair.Bob.Counters.KeepalivesReceived == 1, Eventually.Patience, "Alice's keepalive reaches Bob");
        pair.Time.Advance(TimeSpan.FromSeconds(108));
        Assert.Equal(1, pair.Alice.Counters.HandshakeInitiationsSent);
        Assert.Equal(0, pair.Bob.Counters.HandshakeInitiationsSent);

        // 121 s: past REKEY_AFTER_TIME, Alice's next datagram goes out and she starts a new handshake.
        pair.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(pair.Alice.SendDatagram(TunnelPair.BobOverlay, 4000, 5000, "after rekey time"u8));

        await Eventually.Until(
            () => pair.Alice.Counters.HandshakesCompleted == 2 && pair.Bob.Counters.HandshakesCompleted == 2,
            Eventually.Patience, "a second handshake completes on both sides");
        Assert.Equal(2, pair.Alice.Counters.HandshakeInitiationsSent);
        Assert.Equal(0, pair.Bob.Counters.HandshakeInitiationsSent);
        await Eventually.Until(() => pair.BobReceived.Count == 2, Eventually.Patience, "the datagram arrives");
    }

    [Fact]
    public async Task Receiver_sends_a_keepalive_after_KEEPALIVE_TIMEOUT_without_traffic_of_its_own()
    {
        using TunnelPair pair = new();
        Assert.True(pair.Alice.SendDatagram(TunnelPair.BobOverlay, 4000, 5000, "ping"u8));
        await Eventually.Until(() => pair.BobReceived.Count == 1, Eventually.Patience, "Bob receives the datagram");
        Assert.Equal(0, pair.Bob.Counters.KeepalivesSent);

        pair.Time.Advance(WireGuardTimers.KeepaliveTimeout + TimeSpan.FromMilliseconds(100));

        await Eventually.Until(() => pair.Alice.Counters.KeepalivesReceived == 1, Eventually.Patience, "Bob's keepalive reaches Alice");
        Assert.Equal(1, pair.Bob.Counters.KeepalivesSent);
        byte[] keepalive = pair.Wire.ToLeft.Last();
        Assert.Equal(32, keepalive.Length);
    }

    [Fact]
    public async Task Persistent_keepalive_is_sent_when_idle()
    {
        using TunnelPair pair = new(alicePersistentKeepalive: TimeSpan.FromSeconds(25));
        await pair.ExchangeAsync();
        long before = pair.Alice.Counters.KeepalivesSent;

        pair.Time.Advance(TimeSpan.FromSeconds(26));

        await Eventually.Until(() => pair.Bob.Counters.KeepalivesReceived > 0 && pair.Alice.Counters.KeepalivesSent > before, Eventually.Patience, "Alice's persistent keepalive reaches Bob");
    }

    [Fact]
    public async Task Endpoint_roams_to_the_source_of_the_latest_authenticated_packet()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        Assert.Equal(pair.Wire.RightFacing, pair.Bob.GetPeerEndpoint(pair.AliceKeys.PublicKey));

        // Alice moves: same key, new socket, talking to Bob directly.
        pair.Alice.Dispose();
        pair.Time.Advance(TimeSpan.FromSeconds(1));
        System.Collections.Concurrent.ConcurrentQueue<ReceivedDatagram> movedReceived = new();
        using WireGuardTunnel moved = pair.Create(pair.AliceKeys, TunnelPair.AliceOverlay, movedReceived);
        moved.AddPeer(new WireGuardPeerConfig { PublicKey = pair.BobKeys.PublicKey, Endpoint = pair.Bob.LocalEndPoint, OverlayAddress = TunnelPair.BobOverlay });
        Assert.True(moved.SendDatagram(TunnelPair.BobOverlay, 4000, 5000, "from elsewhere"u8));
        await Eventually.Until(() => pair.BobReceived.Count == 2, Eventually.Patience, "Bob receives from the new address");

        Assert.Equal(moved.LocalEndPoint, pair.Bob.GetPeerEndpoint(pair.AliceKeys.PublicKey));
        Assert.True(pair.Bob.SendDatagram(TunnelPair.AliceOverlay, 5000, 4000, "found you"u8));
        await Eventually.Until(() => movedReceived.Count == 1, Eventually.Patience, "Bob's answer reaches Alice's new address");
    }

    [Fact]
    public async Task Datagram_from_outside_the_peers_overlay_address_is_dropped()
    {
        using TunnelPair pair = new();
        await pair.ExchangeAsync();
        // Bob thinks Alice is 10.77.0.1; a second tunnel with Alice's key but overlay 10.77.0.5 spoofs its source.
        pair.Alice.Dispose();
        pair.Time.Advance(TimeSpan.FromSeconds(1));
        using WireGuardTunnel spoofing = pair.Create(pair.AliceKeys, IPAddress.Parse("10.77.0.5"), new());
        spoofing.AddPeer(new WireGuardPeerConfig { PublicKey = pair.BobKeys.PublicKey, Endpoint = pair.Bob.LocalEndPoint, OverlayAddress = TunnelPair.BobOverlay });

        Assert.True(spoofing.SendDatagram(TunnelPair.BobOverlay, 1, 2, "spoofed"u8));

        await Eventually.Until(() => pair.Bob.Counters.AllowedIpViolations == 1, Eventually.Patience, "Bob drops the packet from a foreign source address");
        Assert.Single(pair.BobReceived);
    }

    [Fact]
    public void Keys_round_trip_through_base64_like_wg()
    {
        WireGuardKeyPair keys = WireGuardKeyPair.Generate();
        WireGuardKeyPair again = WireGuardKeyPair.FromPrivateKey(keys.PrivateKey);
        Assert.Equal(keys.PublicKey, again.PublicKey);
        Assert.Equal(44, keys.PublicKey.Length);
        Assert.Throws<FormatException>(() => WireGuardKeyPair.DecodeKey("not a key"));
    }

    private static uint TypeOf(byte[] message) => BinaryPrimitives.ReadUInt32LittleEndian(message);
}
