using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>The per-link outgoing queue: senders never block, the oldest messages give way.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class MeshLinkQueueTests
{
    [Fact]
    public async Task A_full_queue_drops_the_oldest_messages_and_counts_them()
    {
        var options = new MeshOptions
        {
            OutgoingQueueCapacity = 4,
            HeartbeatInterval = TimeSpan.FromHours(1),
            HeartbeatDeadline = TimeSpan.FromHours(2),
        };
        var counters = new MeshCounters();
        var link = new MeshLink("peer", new Hello { BridgeId = "peer" }, LinkDirection.Dialed, options, counters,
            NullLogger.Instance, () => false, CancellationToken.None);

        for (var i = 1; i <= 10; i++)
        {
            Assert.True(link.TrySend(new LinkMessage { Stress = new Stress { Value = i } }));
        }
        Assert.Equal(6, counters.MessagesDropped);

        var writer = new RecordingWriter(expected: 4);
        var running = link.RunAsync(new SilentReader(), writer, _ => { });
        var written = await writer.AllWritten.WaitAsync(Eventually.Patience);
        link.Close("test over");
        await running.WaitAsync(Eventually.Patience);

        Assert.Equal([7.0, 8.0, 9.0, 10.0], written.Select(m => m.Stress.Value));
        Assert.Equal("test over", link.CloseReason);
    }

    private sealed class SilentReader : IAsyncStreamReader<LinkMessage>
    {
        public LinkMessage Current => throw new InvalidOperationException("nothing was read");

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            return false;
        }
    }

    private sealed class RecordingWriter(int expected) : IAsyncStreamWriter<LinkMessage>
    {
        private readonly List<LinkMessage> _messages = [];
        private readonly TaskCompletionSource<IReadOnlyList<LinkMessage>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<LinkMessage>> AllWritten => _done.Task;

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(LinkMessage message, CancellationToken cancellationToken) => WriteAsync(message);

        public Task WriteAsync(LinkMessage message)
        {
            _messages.Add(message);
            if (_messages.Count == expected)
            {
                _done.TrySetResult([.. _messages]);
            }
            return Task.CompletedTask;
        }
    }
}
