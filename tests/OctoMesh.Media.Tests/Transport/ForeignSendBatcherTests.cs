using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;

namespace OctoMesh.Media.Tests.Transport;

/// <summary>
/// The relay thread's batcher: inside a scope the thread's media-port sends collect in one batch (the one a
/// transport's send finds as <see cref="SendBatch.Current"/>), and only one thread at a time gets it.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ForeignSendBatcherTests : IDisposable
{
    private readonly UdpMediaSocket _port = new(new IPEndPoint(IPAddress.Loopback, 0), new IgnoringHandler(), IMediaMetrics.None,
        receiveThreads: 1, batched: true, NullLogger.Instance);

    [Fact]
    public void A_scope_batches_the_threads_sends_for_its_port_and_ends_with_them_sent()
    {
        using var batcher = _port.CreateForeignSendBatcher();

        using (batcher.Begin())
        {
            Assert.Same(_port, SendBatch.Current?.Owner);
        }

        Assert.Null(SendBatch.Current);
    }

    [Fact]
    public void While_one_thread_batches_another_sends_directly()
    {
        using var batcher = _port.CreateForeignSendBatcher();
        using (batcher.Begin())
        {
            SendBatch? otherThreadBatch = null;
            var other = new Thread(() =>
            {
                using (batcher.Begin())
                {
                    otherThreadBatch = SendBatch.Current;
                }
            });
            other.Start();
            Assert.True(other.Join(Eventually.Patience), "the other thread did not finish");

            Assert.Null(otherThreadBatch);
            Assert.Same(_port, SendBatch.Current?.Owner);
        }
    }

    [Fact]
    public void With_batched_io_off_a_scope_does_nothing()
    {
        using var unbatched = new UdpMediaSocket(new IPEndPoint(IPAddress.Loopback, 0), new IgnoringHandler(), IMediaMetrics.None,
            receiveThreads: 1, batched: false, NullLogger.Instance);
        using var batcher = unbatched.CreateForeignSendBatcher();

        using (batcher.Begin())
        {
            Assert.Null(SendBatch.Current);
        }
    }

    public void Dispose() => _port.Dispose();

    private sealed class IgnoringHandler : IDatagramHandler
    {
        public void OnDatagram(Span<byte> buffer, int length, System.Net.SocketAddress remote)
        {
        }
    }
}
