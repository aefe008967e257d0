using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Rtcp;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>
/// Several publishers at once through a media port read by several SO_REUSEPORT receive threads, each
/// fanned out with the threads' sendmmsg batches to subscribers that receive from all of them (so one
/// subscriber transport is sent to from two threads at once), while another thread sends RTCP to the same
/// transports directly, as the RTCP timers do. Every subscriber must get every packet of every stream,
/// in order, with SRTP indexes that never go backwards (its unprotect would refuse a replay).
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ForwardingAcrossReceiveThreadsTests
{
    private const int Publishers = 16;
    private const int Subscribers = 3;
    private const int PacketsPerPublisher = 300;
    private const int Burst = 10;

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task EveryStreamReachesEverySubscriberWholeAndInOrder(int receiveThreads)
    {
        using var rig = new MediaPathRig(Publishers, Subscribers, receiveThreads);
        var receivers = rig.Publishers.Select(p => p.Transport.Receiver = new ThreadRecordingReceiver(p.Transport.Receiver!)).Cast<ThreadRecordingReceiver>().ToArray();
        var readers = rig.Subscribers.Select(s => new SubscriberReader(s)).ToArray();

        using var stop = new CancellationTokenSource();
        var rtcpSender = Task.Run(() => SendReceiverReportsUntil(rig, stop.Token));

        for (var first = 0; first < PacketsPerPublisher; first += Burst)
        {
            var start = first;
            Parallel.ForEach(rig.Publishers, publisher =>
            {
                var datagram = new byte[2048];
                for (var sequence = start; sequence < start + Burst; sequence++)
                {
                    var length = MediaPathRig.WriteProtected(publisher, sequence, datagram);
                    publisher.Socket.SendTo(datagram.AsSpan(0, length), System.Net.Sockets.SocketFlags.None, rig.ServerEndPoint);
                }
            });

            // Each burst is awaited, so no socket buffer overflows: a gap is the bridge's.
            var expected = (first + Burst) * Publishers;
            await Eventually.Until(() => readers.All(r => r.RtpPackets >= expected), Eventually.Patience,
                $"every subscriber to get {expected} packets",
                () => $"{string.Join(", ", readers.Select(r => r.RtpPackets))} packets; {rig.Metrics}");
        }

        await stop.CancelAsync();
        var rtcpSent = await rtcpSender;

        Assert.Empty(rig.Metrics.Drops);
        foreach (var reader in readers)
        {
            Assert.Equal(0, reader.UnprotectFailures);
            Assert.Equal(PacketsPerPublisher * Publishers, reader.RtpPackets);
            var streams = reader.Streams();
            Assert.Equal(Publishers, streams.Count);
            foreach (var (ssrc, packets) in streams)
            {
                Assert.True(packets.Select(p => p.PublisherSequence).SequenceEqual(Enumerable.Range(0, PacketsPerPublisher)),
                    $"SSRC {ssrc:x8}: the publisher's packets arrived out of order or not all");
                for (var i = 1; i < packets.Count; i++)
                {
                    Assert.Equal((ushort)(packets[i - 1].RtpSequence + 1), packets[i].RtpSequence);
                }
            }
        }

        Assert.True(rtcpSent > 0, "the competing RTCP sender never sent");
        await Eventually.Until(() => readers.All(r => r.RtcpPackets > 0), Eventually.Patience, "every subscriber to get the competing RTCP",
            () => $"{string.Join(", ", readers.Select(r => r.RtcpPackets))} RTCP packets");

        foreach (var receiver in receivers)
        {
            Assert.Single(receiver.Threads);
        }

        var threadsUsed = receivers.SelectMany(r => r.Threads.Keys).Distinct().Count();
        if (receiveThreads > 1)
        {
            // 16 publishers' flows all hashed to one of two sockets: 2^-15.
            Assert.True(threadsUsed >= 2, $"all {Publishers} publishers were read by one receive thread");
        }
    }

    /// <summary>What the RTCP timers do meanwhile: protect and send on a pool thread, straight to the socket.</summary>
    private static int SendReceiverReportsUntil(MediaPathRig rig, CancellationToken stop)
    {
        var sent = 0;
        var buffer = new byte[256];
        while (!stop.IsCancellationRequested)
        {
            foreach (var subscriber in rig.Subscribers)
            {
                var length = RtcpWriter.WriteReceiverReport(buffer, ConferenceEndpoint.BridgeRtcpSsrc, []);
                if (subscriber.Transport.SendRtcp(buffer, length))
                {
                    sent++;
                }
            }

            Thread.Yield();
        }

        return sent;
    }
}
