using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>
/// Issue 5: no allocation per packet between the two sockets. The test thread plays the receive thread:
/// each SRTP datagram of a publisher goes through <see cref="MediaServer.OnDatagram"/> (classify, find the
/// transport, unprotect, parse, statistics, cache, fan-out, 50 × rewrite + protect into the batch) and the
/// batch is flushed with sendmmsg, exactly as <c>MediaReceiveLoop</c> does after a <c>recvmmsg</c>.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SteadyStateAllocationTests
{
    private const int Subscribers = 50;
    private const int WarmUp = 300;
    private const int Measured = 1000;

    [Fact]
    public void ForwardingToFiftySubscribersAllocatesNothingPerPacket()
    {
        using var rig = new MediaPathRig(publishers: 1, Subscribers, receiveThreads: 1, start: false);
        var publisher = rig.Publishers[0];
        var from = publisher.Socket.LocalEndPoint!.Serialize();
        var datagrams = new byte[WarmUp + Measured][];
        var lengths = new int[datagrams.Length];
        for (var i = 0; i < datagrams.Length; i++)
        {
            datagrams[i] = new byte[2048];
            lengths[i] = MediaPathRig.WriteProtected(publisher, i, datagrams[i]);
        }

        var receiveBuffer = GC.AllocateArray<byte>(UdpMediaSocket.ReceiveBufferSize, pinned: true);
        using var batch = new SendBatch(rig.Server.Socket.SendSocketForTesting, rig.Server.Socket, rig.Metrics,
            MediaReceiveLoop.SendBatchCapacity, UdpMediaSocket.ReceiveBufferSize);
        batch.BindToCurrentThread();
        long allocated;
        try
        {
            for (var i = 0; i < WarmUp; i++)
            {
                Handle(i);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = WarmUp; i < datagrams.Length; i++)
            {
                Handle(i);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            batch.UnbindFromCurrentThread();
        }

        Assert.Empty(rig.Metrics.Drops);
        Assert.True(batch.DatagramsSent == (long)datagrams.Length * Subscribers,
            $"expected {datagrams.Length * Subscribers} datagrams through sendmmsg, sent {batch.DatagramsSent}");
        Assert.True(allocated == 0, $"{allocated} bytes allocated for {Measured} packets forwarded to {Subscribers} subscribers ({(double)allocated / Measured:0.#} per packet)");

        void Handle(int index)
        {
            datagrams[index].AsSpan(0, lengths[index]).CopyTo(receiveBuffer);
            rig.Server.OnDatagram(receiveBuffer, lengths[index], from);
            batch.Flush();
        }
    }
}
