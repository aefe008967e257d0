using System.Net;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Janus;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>
/// Our load clients against a real Janus VideoRoom: a publisher offers and Janus answers (libnice controlled, so
/// its triggered checks need our answers), subscribers answer Janus's offers as ICE-lite peers, and the media the
/// publisher sends arrives at both subscribers through Janus.
/// </summary>
[Collection(JanusCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class JanusVideoRoomTests(JanusFixture janus, ITestOutputHelper output) : IClassFixture<JanusFixture>
{
    private static readonly TimeSpan ConnectTimeout = Eventually.Patience;
    private static readonly TimeSpan MediaDeadline = Eventually.Patience;
    private readonly DtlsCertificate _certificate = DtlsCertificate.CreateSelfSigned();

    [Fact]
    public async Task Two_subscribers_receive_the_publishers_audio_and_vp8_keyframes_and_leaving_empties_the_room()
    {
        const string Room = "janus-two-subscribers";
        await using var signaling = (JanusVideoRoomSignaling)janus.Server.CreateSignaling(ConnectTimeout);
        await using var pacer = new PublisherPacer();
        using var publisherClient = NewClient(signaling, sends: true);
        var published = await signaling.PublishAsync(Room, publisherClient, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(published.Feed), "Janus assigned no publisher id");
        using var publisher = new LoadPublisher(publisherClient, published, Room, videoKbps: 500);
        pacer.Add(publisher);

        var subscribers = new List<(WebRtcClient Client, SignaledSession Session, MediaCount Count)>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var client = NewClient(signaling, sends: false);
                var count = new MediaCount();
                client.RtpReceived += count.Record;
                try
                {
                    subscribers.Add((client, await signaling.SubscribeAsync(Room, published.Feed, client, CancellationToken.None), count));
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
            }

            Assert.Contains(published.Feed, await signaling.ListParticipantsAsync(Room, CancellationToken.None));
            foreach (var (client, _, count) in subscribers)
            {
                await Eventually.Until(() => Task.FromResult(count.Audio > 10 && count.Video > 30 && count.VideoKeyframes > 0 && count.VideoTimestamps > 2),
                    MediaDeadline, "a subscriber receives Opus, VP8 and a VP8 key frame through Janus",
                    () => Task.FromResult($"{count}; client {client.Counters}; publisher {publisherClient.Counters}; janus log: {janus.Server.LogTail()}"));
                output.WriteLine($"subscriber {client.LocalEndPoint}: {count}; checks answered {client.ChecksAnswered}");
            }
        }
        finally
        {
            foreach (var (client, session, _) in subscribers)
            {
                await session.LeaveAsync();
                client.Dispose();
            }
        }

        await published.LeaveAsync();
        await Eventually.Until(async () => (await signaling.ListParticipantsAsync(Room, CancellationToken.None)).Count == 0,
            MediaDeadline, "the room lists no participant after the publisher left",
            async () => string.Join(",", await signaling.ListParticipantsAsync(Room, CancellationToken.None)));
    }

    [Fact]
    public async Task Janus_offers_and_answers_candidates_on_its_namespace_address_only_and_clients_pair_with_it()
    {
        const string Room = "janus-candidates";
        await using var signaling = janus.Server.CreateSignaling(ConnectTimeout);
        await using var pacer = new PublisherPacer();
        using var publisherClient = NewClient(signaling, sends: true);
        var published = await signaling.PublishAsync(Room, publisherClient, CancellationToken.None);
        using var subscriberClient = NewClient(signaling, sends: false);
        var subscribed = await signaling.SubscribeAsync(Room, published.Feed, subscriberClient, CancellationToken.None);
        try
        {
            var media = janus.Server.MediaAddress;
            Assert.False(IPAddress.IsLoopback(media), $"the namespace address {media} is a loopback address");
            foreach (var (role, client) in new[] { ("publisher", publisherClient), ("subscriber", subscriberClient) })
            {
                var candidates = client.Answer!.RemoteCandidates;
                output.WriteLine($"{role}: local {client.LocalEndPoint}, remote {client.RemoteEndPoint}; Janus's candidates: {string.Join(" | ", candidates)}");
                Assert.NotEmpty(candidates);
                Assert.All(candidates, candidate => Assert.Equal(media, CandidateAddress(candidate)));
                Assert.Equal(media, client.LocalEndPoint.Address);
                Assert.Equal(media, client.RemoteEndPoint?.Address);
                Assert.True(client.IsConnected, $"the {role} is not connected");
            }
        }
        finally
        {
            await subscribed.LeaveAsync();
            await published.LeaveAsync();
        }
    }

    [Fact]
    public async Task Subscribing_to_a_feed_that_does_not_exist_fails_with_janus_reason()
    {
        const string Room = "janus-missing-feed";
        await using var signaling = janus.Server.CreateSignaling(ConnectTimeout);
        await using var pacer = new PublisherPacer();
        using var publisherClient = NewClient(signaling, sends: true);
        var published = await signaling.PublishAsync(Room, publisherClient, CancellationToken.None);
        using var subscriber = NewClient(signaling, sends: false);

        var error = await Assert.ThrowsAsync<LoadRunException>(() => signaling.SubscribeAsync(Room, "no-such-feed", subscriber, CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains("no-such-feed", error.Message);
        Assert.Contains("Janus", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        await published.LeaveAsync();
    }

    [Fact]
    public async Task A_load_run_with_one_publisher_and_three_subscribers_measures_media_through_janus()
    {
        await using var signaling = janus.Server.CreateSignaling(ConnectTimeout);
        var options = new LoadOptions
        {
            Room = "janus-load-run",
            Publishers = 1,
            Subscribers = 3,
            Duration = TimeSpan.FromSeconds(5),
            ConnectTimeout = ConnectTimeout,
        };

        LoadReport report;
        NamespaceUdpDrops? drops = null;
        await using (var run = new LoadRun(options, signaling))
        {
            // Read while the clients' sockets are still open: a closed socket's drop counter is gone.
            run.MeasurementEnded += () => drops = NamespaceUdpDrops.Read(janus.Server.ProcessId);
            report = await run.RunAsync(CancellationToken.None);
        }

        var summary = $"sent {report.PacketsSent}, received {report.PacketsReceived}, expected {report.PacketsExpected}, lost {report.PacketsLost} " +
            $"({report.LossPercent} %), delay p50 {report.DelayP50Ms} ms p99 {report.DelayP99Ms} ms, without media {report.SubscribersWithoutMedia}; {drops}";
        output.WriteLine(summary);
        Assert.True(report.PacketsReceived > 0, $"The subscribers received nothing: {summary}; janus log: {janus.Server.LogTail()}");
        Assert.True(report.SubscribersWithoutMedia == 0, $"A subscriber received no media: {summary}");
        // Janus forwards without sequence gaps of its own (it renumbers each subscription from 1, continuously; RTX
        // has its own SSRC). What loss there is comes from full socket receive buffers while a busy machine stalls a
        // process: Janus's (each drop there is lost by all three subscribers) or, with default buffers, ours.
        Assert.True(report.LossPercent < 5, $"Loss of 5 % or more on loopback: {summary}");
        Assert.True(report.DelaySamples > 0, $"No stamped video packet arrived: {summary}");
    }

    // The signalling puts the client's socket in Janus's namespace, on its address.
    private WebRtcClient NewClient(ISfuSignaling signaling, bool sends) => WebRtcClient.Create(signaling.PrepareClient(new WebRtcClientOptions
    {
        Sends = sends,
        Certificate = _certificate,
        ConnectTimeout = ConnectTimeout,
    }));

    // RFC 8839 §5.1: candidate-attribute = "candidate:" foundation SP component-id SP transport SP priority SP connection-address SP port ...
    private static IPAddress CandidateAddress(string candidate)
    {
        var fields = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fields.Length > 5 && IPAddress.TryParse(fields[4], out _), $"not a candidate with an IP address: {candidate}");
        return IPAddress.Parse(fields[4]);
    }

    /// <summary>What one subscriber received, by kind, counted on its receive loop.</summary>
    private sealed class MediaCount
    {
        private long _audio;
        private long _video;
        private long _keyframes;
        private long _timestamps;
        private uint _lastVideoTimestamp;

        public long Audio => Interlocked.Read(ref _audio);

        public long Video => Interlocked.Read(ref _video);

        public long VideoKeyframes => Interlocked.Read(ref _keyframes);

        /// <summary>Distinct VP8 RTP timestamps seen (frames).</summary>
        public long VideoTimestamps => Interlocked.Read(ref _timestamps);

        public void Record(ReadOnlySpan<byte> packet)
        {
            if (!RtpHeader.TryParse(packet, out var header))
            {
                return;
            }

            switch (header.PayloadType)
            {
                case WebRtcClient.OpusPayloadType:
                    Interlocked.Increment(ref _audio);
                    break;
                case WebRtcClient.Vp8PayloadType:
                    Interlocked.Increment(ref _video);
                    if (header.Timestamp != _lastVideoTimestamp)
                    {
                        _lastVideoTimestamp = header.Timestamp;
                        Interlocked.Increment(ref _timestamps);
                    }

                    if (KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, packet.Slice(header.PayloadOffset, header.PayloadLength)))
                    {
                        Interlocked.Increment(ref _keyframes);
                    }

                    break;
            }
        }

        public override string ToString() => $"audio {Audio}, video {Video}, key frames {VideoKeyframes}, frames {VideoTimestamps}";
    }
}
