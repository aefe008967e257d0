using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Bridge.Tests.Mesh;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Sdp;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// The bridge with no browser on either side: a headless WHIP publisher and a headless WHEP player on our
/// own Media stack in the client role. Shows media payloads pass through untouched and the bridge's RTCP
/// services (NACK from its cache as RTX, PLI forwarded to the publisher).
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
[Collection(EndToEndCollection.Name)]
public sealed class HeadlessWhipWhepTests(ITestOutputHelper output)
{
    private const int VideoPacketsToCheck = 100;
    private const int AudioPacketsToCheck = 40;

    [Fact]
    public async Task A_headless_player_receives_the_headless_publishers_payloads_unchanged_as_the_answer_declared()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var room = await HeadlessRoom.StartAsync(bridge, "headless-passthrough");

        await room.WaitForMediaAsync(VideoPacketsToCheck, AudioPacketsToCheck, Eventually.Patience);

        var video = room.PlayerTrack(MediaKind.Video);
        var audio = room.PlayerTrack(MediaKind.Audio);
        Assert.Equal(WebRtcClient.Vp8PayloadType, video.PayloadType);
        Assert.Equal(WebRtcClient.OpusPayloadType, audio.PayloadType);
        var videoChecked = AssertPassThrough(room, video, room.Publisher.VideoSsrc);
        var audioChecked = AssertPassThrough(room, audio, room.Publisher.AudioSsrc);
        output.WriteLine($"Checked {videoChecked} video and {audioChecked} audio packets; player {room.Player.Counters}");
    }

    [Fact]
    public async Task A_NACK_from_the_player_is_answered_with_RTX_from_the_bridges_cache()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var room = await HeadlessRoom.StartAsync(bridge, "headless-nack");
        await room.WaitForMediaAsync(VideoPacketsToCheck, 1, Eventually.Patience);

        var video = room.PlayerTrack(MediaKind.Video);
        Assert.True(video.RtxSsrc is not null && video.RtxPayloadType is not null,
            $"The WHEP answer must declare RTX for video (a=ssrc-group:FID and an rtx codec with apt={video.PayloadType}): {room.PlayerAnswer}");
        var wanted = room.Recorder.On(video.Ssrc)[VideoPacketsToCheck / 2];

        Span<byte> nack = stackalloc byte[64];
        var length = RtcpWriter.WriteNack(nack, senderSsrc: 1, mediaSsrc: video.Ssrc, [wanted.Sequence]);
        Assert.True(room.Player.SendRtcp(nack[..length]), "the player could not send its NACK");

        ReceivedRtp? repair = null;
        await Eventually.Until(
            () =>
            {
                repair = room.Recorder.On(video.RtxSsrc!.Value).FirstOrDefault(p => p.Payload.Length >= 2
                    && (ushort)((p.Payload[0] << 8) | p.Payload[1]) == wanted.Sequence);
                return Task.FromResult(repair is not null);
            },
            Eventually.Patience, $"an RTX packet on SSRC {video.RtxSsrc} repairing sequence {wanted.Sequence}",
            () => Task.FromResult($"player {room.Player.Counters}; bridge log {bridge.Log}"));

        // RFC 4588 §4: RTX payload = original sequence number (2 bytes) + the original payload.
        Assert.Equal(video.RtxPayloadType, repair!.PayloadType);
        Assert.Equal(wanted.Timestamp, repair.Timestamp);
        Assert.Equal(wanted.Payload, repair.Payload[2..]);
        Assert.True(await PrometheusText.ReadAsync(bridge, "octomesh_viewer_retransmissions_total") >= 1,
            "/metrics does not count the retransmission to the viewer");
        output.WriteLine($"NACK for {wanted.Sequence} answered by RTX seq {repair.Sequence} PT {repair.PayloadType}");
    }

    [Fact]
    public async Task A_packet_the_publisher_lost_is_asked_for_with_a_NACK_and_its_RTX_repair_reaches_the_player()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var room = await HeadlessRoom.StartAsync(bridge, "headless-upstream-loss");
        await room.WaitForMediaAsync(VideoPacketsToCheck, 1, Eventually.Patience);
        var video = room.PlayerTrack(MediaKind.Video);

        // The publisher's next video packet never reaches the bridge, as on a lossy uplink.
        room.Source.LoseNextVideoPacket();
        var lost = await room.Source.LostVideoPacket.Task.WaitAsync(Eventually.Patience);
        var original = room.Source.Sent[(room.Publisher.VideoSsrc, lost)];
        RtpHeader.TryParse(original, out var originalHeader);
        var originalPayload = original.AsSpan(originalHeader.PayloadOffset, originalHeader.PayloadLength).ToArray();

        await Eventually.Until(
            () => Task.FromResult(room.Source.Nacked.ContainsKey(lost)),
            Eventually.Patience, $"a generic NACK from the bridge for the publisher's lost video packet {lost}",
            () => Task.FromResult($"publisher {room.Publisher.Counters}; bridge log {bridge.Log}"));

        // The publisher answered on its RTX SSRC; the player gets the packet on the video SSRC, payload unchanged.
        ReceivedRtp? repaired = null;
        await Eventually.Until(
            () =>
            {
                repaired = room.Recorder.On(video.Ssrc).FirstOrDefault(p => p.Timestamp == originalHeader.Timestamp && p.Payload.SequenceEqual(originalPayload));
                return Task.FromResult(repaired is not null);
            },
            Eventually.Patience, $"the player to receive the repaired packet {lost} (timestamp {originalHeader.Timestamp}) on SSRC {video.Ssrc}",
            () => Task.FromResult($"player {room.Player.Counters}; bridge log {bridge.Log}"));
        Assert.Equal(video.PayloadType, repaired!.PayloadType);
        Assert.True(await PrometheusText.ReadAsync(bridge, "octomesh_retransmission_requests_total", ("from", "publisher")) >= 1,
            "/metrics does not count the NACK to the publisher");
        Assert.True(await PrometheusText.ReadAsync(bridge, "octomesh_publisher_repairs_total", ("result", "forwarded")) >= 1,
            "/metrics does not count the forwarded repair");
        output.WriteLine($"Publisher packet {lost} lost, NACKed by the bridge, repaired by RTX; the player got it as {repaired.Sequence}");
    }

    [Fact]
    public async Task A_PLI_from_the_player_reaches_the_publisher_as_a_PLI()
    {
        await using var bridge = await BridgeServer.StartAsync();
        await using var room = await HeadlessRoom.StartAsync(bridge, "headless-pli");
        await room.WaitForMediaAsync(VideoPacketsToCheck, 1, Eventually.Patience);

        // The bridge asks for keyframes itself while the player starts (rate-limited to one per 300 ms):
        // wait until that has settled, so the next PLI can only be the player's.
        var quiet = TimeSpan.FromMilliseconds(800);
        await Eventually.Until(
            () => Task.FromResult(room.Source.SinceLastPli is not { } since || since > quiet),
            Eventually.Patience, $"no PLI at the publisher for {quiet.TotalMilliseconds} ms once the player has its keyframe");
        var before = room.Source.PliCount;

        var video = room.PlayerTrack(MediaKind.Video);
        Span<byte> pli = stackalloc byte[64];
        var length = RtcpWriter.WritePli(pli, senderSsrc: 1, mediaSsrc: video.Ssrc);
        Assert.True(room.Player.SendRtcp(pli[..length]), "the player could not send its PLI");

        await Eventually.Until(
            () => Task.FromResult(room.Source.PliCount > before),
            Eventually.Patience, $"a PLI for the publisher's video SSRC {room.Publisher.VideoSsrc} after the player's PLI",
            () => Task.FromResult($"publisher {room.Publisher.Counters}; bridge log {bridge.Log}"));
    }

    /// <summary>
    /// Every packet the player got on the track's SSRC has the declared payload type, sequence numbers
    /// that follow one another, and exactly the payload the publisher sent (matched by the bridge's
    /// constant sequence offset, found from the first packet).
    /// </summary>
    private static int AssertPassThrough(HeadlessRoom room, PlayerTrack track, uint publisherSsrc)
    {
        var received = room.Recorder.On(track.Ssrc);
        var sent = room.Source.Sent.Where(p => p.Key.Ssrc == publisherSsrc).ToDictionary(p => p.Key.Sequence, p => p.Value);
        var first = received[0];
        var original = sent.FirstOrDefault(p => Payload(p.Value).SequenceEqual(first.Payload) && Timestamp(p.Value) == first.Timestamp);
        Assert.True(original.Value is not null, $"the player's first packet on SSRC {track.Ssrc} matches no packet the publisher sent");
        var offset = (ushort)(first.Sequence - original.Key);

        for (var i = 0; i < received.Count; i++)
        {
            var packet = received[i];
            Assert.Equal(track.PayloadType, packet.PayloadType);
            if (i > 0)
            {
                Assert.Equal((ushort)(received[i - 1].Sequence + 1), packet.Sequence);
            }

            Assert.True(sent.TryGetValue((ushort)(packet.Sequence - offset), out var bytes), $"packet {packet.Sequence} was never sent");
            Assert.Equal(Timestamp(bytes), packet.Timestamp);
            Assert.Equal(Payload(bytes), packet.Payload);
        }

        return received.Count;
    }

    private static byte[] Payload(byte[] packet)
    {
        RtpHeader.TryParse(packet, out var header);
        return packet.AsSpan(header.PayloadOffset, header.PayloadLength).ToArray();
    }

    private static uint Timestamp(byte[] packet)
    {
        RtpHeader.TryParse(packet, out var header);
        return header.Timestamp;
    }
}
