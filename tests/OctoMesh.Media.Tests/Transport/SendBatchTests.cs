using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Tests.Transport;

/// <summary>The receive thread's send batch on real loopback sockets: sendmmsg and its fallback.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SendBatchTests : IDisposable
{
    private readonly Socket _sender = Bound();
    private readonly Socket[] _receivers = [Bound(), Bound(), Bound()];
    private readonly CountingMetrics _metrics = new();

    [Fact]
    public void SendMessagesIsAvailableOnThisMachine()
    {
        // The bridge runs on 64-bit Linux; without the batch calls every test below would only cover the fallback.
        Assert.True(LinuxSocketCalls.IsSupported, "sendmmsg/recvmmsg need 64-bit Linux; this test machine is not");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryQueuedDatagramArrivesInOrderPerDestination(bool useSendMessages)
    {
        using var batch = new SendBatch(_sender, owner: this, _metrics, capacity: 64, slotSize: 2048, useSendMessages);
        const int PerReceiver = 20;
        for (var sequence = 0; sequence < PerReceiver; sequence++)
        {
            foreach (var receiver in _receivers)
            {
                batch.EnsureRoom();
                var length = WriteDatagram(batch.NextSlot, sequence, size: 100 + sequence);
                batch.Add(length, receiver.LocalEndPoint!.Serialize(), PacketClass.Rtp);
            }
        }

        Assert.Equal(60, batch.Count);
        batch.Flush();

        Assert.Equal(0, batch.Count);
        Assert.Equal(60, _metrics.Sent);
        Assert.Empty(_metrics.Drops);
        if (useSendMessages)
        {
            Assert.Equal(1, batch.SendCalls);
            Assert.Equal(60, batch.DatagramsSent);
        }

        foreach (var receiver in _receivers)
        {
            for (var sequence = 0; sequence < PerReceiver; sequence++)
            {
                var (received, length) = ReceiveOne(receiver);
                Assert.Equal(100 + sequence, length);
                Assert.Equal(sequence, BinaryPrimitives.ReadInt32BigEndian(received));
            }
        }
    }

    [Fact]
    public void AFullBatchFlushesBeforeTakingMore()
    {
        using var batch = new SendBatch(_sender, owner: this, _metrics, capacity: 4, slotSize: 2048);
        var remote = _receivers[0].LocalEndPoint!.Serialize();
        for (var sequence = 0; sequence < 10; sequence++)
        {
            batch.EnsureRoom();
            batch.Add(WriteDatagram(batch.NextSlot, sequence, size: 64), remote, PacketClass.Rtp);
        }

        batch.Flush();

        Assert.Equal(10, _metrics.Sent);
        for (var sequence = 0; sequence < 10; sequence++)
        {
            Assert.Equal(sequence, BinaryPrimitives.ReadInt32BigEndian(ReceiveOne(_receivers[0]).Datagram));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ARefusedDatagramIsCountedAndTheRestStillLeave(bool useSendMessages)
    {
        using var batch = new SendBatch(_sender, owner: this, _metrics, capacity: 8, slotSize: 2048, useSendMessages);
        var good = _receivers[0].LocalEndPoint!.Serialize();

        // Port 0 is not a destination: Linux refuses it with EINVAL at the send.
        var refused = new IPEndPoint(IPAddress.Loopback, 0).Serialize();
        batch.Add(WriteDatagram(batch.NextSlot, 1, size: 64), good, PacketClass.Rtp);
        batch.Add(WriteDatagram(batch.NextSlot, 2, size: 64), refused, PacketClass.Rtp);
        batch.Add(WriteDatagram(batch.NextSlot, 3, size: 64), good, PacketClass.Rtp);
        batch.Flush();

        Assert.Equal(2, _metrics.Sent);
        Assert.Equal(1, _metrics.Drops.GetValueOrDefault(DropReason.SendFailed));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(ReceiveOne(_receivers[0]).Datagram));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(ReceiveOne(_receivers[0]).Datagram));
    }

    [Fact]
    public void CurrentIsTheBoundBatchOnThisThreadOnly()
    {
        using var batch = new SendBatch(_sender, owner: this, _metrics, capacity: 4, slotSize: 2048);
        Assert.Null(SendBatch.Current);
        batch.BindToCurrentThread();
        Assert.Same(batch, SendBatch.Current);
        SendBatch? seenElsewhere = batch;
        var other = new Thread(() => seenElsewhere = SendBatch.Current);
        other.Start();
        other.Join();
        Assert.Null(seenElsewhere);
        batch.UnbindFromCurrentThread();
        Assert.Null(SendBatch.Current);
    }

    private static int WriteDatagram(Span<byte> slot, int sequence, int size)
    {
        slot[..size].Fill(0xA5);
        BinaryPrimitives.WriteInt32BigEndian(slot, sequence);
        return size;
    }

    private static (byte[] Datagram, int Length) ReceiveOne(Socket receiver)
    {
        receiver.ReceiveTimeout = 10_000;
        var buffer = new byte[2048];
        var length = receiver.Receive(buffer);
        return (buffer, length);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        _sender.Dispose();
        foreach (var receiver in _receivers)
        {
            receiver.Dispose();
        }
    }
}
