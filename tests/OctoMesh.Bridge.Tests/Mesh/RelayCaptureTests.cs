using System.Buffers.Binary;
using Microsoft.Extensions.DependencyInjection;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.MediaPort;
using OctoMesh.Media.Transport;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Nothing in clear between bridges": a capture on <c>lo</c> of the UDP between the bridges'
/// relay sockets, while eu-central's publisher plays on us-east and ap-southeast, holds only WireGuard
/// messages (whitepaper §5.4: type 1-4, three reserved zero bytes, fixed sizes) and none of the
/// publisher's RTP headers or payload. The same search over the publisher's own SRTP, whose headers
/// are in clear (RFC 3711 §3.1), must find them: proof the search would see a leak.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RelayCaptureTests(ITestOutputHelper output)
{
    private const string Room = "capture";
    private const int PacketsPerViewer = 200;
    private const int InitiationSize = 148;
    private const int ResponseSize = 92;
    private const int CookieReplySize = 64;
    private const int TransportMinimumSize = 32;
    private const int TransportPadding = 16;
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Inter_bridge_UDP_holds_only_WireGuard_messages_and_none_of_the_publishers_RTP()
    {
        await using var mesh = await TestMesh.StartAsync(Deadline);
        var origin = mesh["eu-central"];
        var relayPorts = mesh.Bridges.Keys.Select(id => mesh.Tunnel(id).LocalEndPoint.Port).ToHashSet();
        var mediaPort = origin.Services.GetRequiredService<MediaServer>().LocalPort;
        await using var capture = await LoopbackCapture.StartAsync([.. relayPorts, mediaPort]);

        await using var publisher = await HeadlessSession.PublishAsync(origin, Room);
        await using var media = new SyntheticPublisher(publisher.Client);
        string[] edges = ["us-east", "ap-southeast"];
        await Eventually.Until(
            async () => (await mesh["us-east"].GetStatsAsync()).Publishers == 1 && (await mesh["ap-southeast"].GetStatsAsync()).Publishers == 1,
            Deadline, "us-east and ap-southeast to mirror the eu-central publisher", () => Task.FromResult(mesh.DescribeLinks()));
        var viewers = new List<(HeadlessSession Session, RecordingPlayer Player)>();
        try
        {
            foreach (var edge in edges)
            {
                var session = await HeadlessSession.PlayAsync(mesh[edge], Room);
                viewers.Add((session, new RecordingPlayer(session.Client)));
            }

            await Eventually.Until(
                () => Task.FromResult(viewers.All(v => v.Player.Packets.Count >= PacketsPerViewer)),
                Deadline, $"the viewers on us-east and ap-southeast to receive {PacketsPerViewer} relayed packets each",
                () => Task.FromResult(string.Join(", ", viewers.Select(v => v.Player.Packets.Count)) + "; " + mesh.DescribeLinks()));

            double relayed = 0;
            foreach (var edge in edges)
            {
                relayed += await PrometheusText.ReadAsync(origin, "octomesh_relay_packets_total", ("peer", edge), ("direction", "out"), ("kind", "rtp"));
            }

            // Every relayed packet is one transport message from eu-central's relay socket: the capture must hold them all.
            var originRelayPort = mesh.Tunnel("eu-central").LocalEndPoint.Port;
            var capturedFromOrigin = 0;
            await Eventually.Until(
                async () =>
                {
                    capturedFromOrigin = (await capture.ReadSoFarAsync()).Count(d => d.SourcePort == originRelayPort && d.Payload is [4, ..]);
                    return capturedFromOrigin >= relayed;
                },
                Deadline, $"the capture to hold a WireGuard transport message from eu-central for each of the {relayed} relayed RTP packets",
                () => Task.FromResult($"{capturedFromOrigin} captured; {capture.StandardError}"));

            var datagrams = await capture.StopAsync();
            var index = new SentRtpIndex(media.Sent.Values.ToArray());
            var betweenBridges = datagrams.Where(d => relayPorts.Contains(d.SourcePort) || relayPorts.Contains(d.DestinationPort)).ToList();
            var publisherSrtp = datagrams.Where(d => d.DestinationPort == mediaPort).ToList();

            var transport = betweenBridges.Count(d => d.Payload[0] == 4);
            output.WriteLine($"Captured {betweenBridges.Count} relay datagrams ({transport} transport data, " +
                             $"{betweenBridges.Count(d => d.Payload[0] == 1)} initiations, {betweenBridges.Count(d => d.Payload[0] == 2)} responses) " +
                             $"while eu-central relayed {relayed} RTP packets; {publisherSrtp.Count} SRTP datagrams from the publisher; {index.Packets} RTP packets sent.");
            var notWireGuard = betweenBridges.Where(d => !IsWireGuardMessage(d.Payload)).ToList();
            Assert.True(notWireGuard.Count == 0,
                $"{notWireGuard.Count} of {betweenBridges.Count} relay datagrams are not WireGuard messages, e.g. " +
                string.Join("; ", notWireGuard.Take(5).Select(d => $"{d.SourcePort}->{d.DestinationPort} {d.Payload.Length} bytes: {Convert.ToHexString(d.Payload.AsSpan(0, Math.Min(16, d.Payload.Length)))}")));

            var headerLeaks = betweenBridges.Count(d => index.ContainsHeader(d.Payload));
            var payloadLeaks = betweenBridges.Count(d => index.ContainsPayload(d.Payload));
            Assert.True(headerLeaks == 0 && payloadLeaks == 0,
                $"Relay datagrams show the publisher's RTP in clear: {headerLeaks} hold an RTP header (sequence, timestamp, SSRC), {payloadLeaks} payload bytes.");

            // The control: SRTP leaves the header in clear, so the search finds it on the publisher's own leg.
            var headersInSrtp = publisherSrtp.Count(d => index.ContainsHeader(d.Payload));
            Assert.True(headersInSrtp >= index.Packets / 2,
                $"The search found the RTP header in only {headersInSrtp} of the publisher's {publisherSrtp.Count} SRTP datagrams " +
                $"({index.Packets} packets sent): it could not have seen a leak either.");
        }
        finally
        {
            foreach (var (session, _) in viewers)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Whitepaper §5.4: the first byte is the message type and the next three are reserved zeros;
    /// initiation 148 bytes, response 92, cookie reply 64, transport data 16 of header, the ciphertext
    /// (padded to 16, §5.4.6) and a 16-byte tag.
    /// </summary>
    private static bool IsWireGuardMessage(byte[] payload)
    {
        if (payload.Length < 4 || (BinaryPrimitives.ReadUInt32LittleEndian(payload) >> 8) != 0)
        {
            return false;
        }

        return payload[0] switch
        {
            1 => payload.Length == InitiationSize,
            2 => payload.Length == ResponseSize,
            3 => payload.Length == CookieReplySize,
            4 => payload.Length >= TransportMinimumSize && (payload.Length - TransportMinimumSize) % TransportPadding == 0,
            _ => false,
        };
    }
}
