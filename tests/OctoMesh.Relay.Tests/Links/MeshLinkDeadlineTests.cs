using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>
/// The link's heartbeat timer and sliding deadline, in virtual time: a link on which nothing arrives closes
/// exactly at the deadline (not a tick before), every message moves the deadline, and heartbeats go out every
/// interval. The real-network tests (MeshFaultTests) check that peers see it, with a generous deadline.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class MeshLinkDeadlineTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new();
    private readonly MeshCounters _counters = new();
    private readonly ScriptedReader _reader = new();
    private readonly RecordingWriter _writer = new();

    [Fact]
    public async Task A_link_on_which_nothing_arrives_closes_exactly_at_the_deadline()
    {
        var (link, running) = Start(heartbeatsPaused: true);

        _time.Advance(Deadline - Tick);
        Assert.Null(link.CloseReason);
        _time.Advance(Tick);

        Assert.Equal("nothing received for 1500 ms (heartbeat deadline)", link.CloseReason);
        Assert.Equal(1, _counters.HeartbeatsMissed);
        await running.WaitAsync(Eventually.Patience);
    }

    [Fact]
    public async Task Every_message_moves_the_deadline()
    {
        var (link, running) = Start(heartbeatsPaused: true);
        _time.Advance(Deadline - Tick);

        _reader.Deliver(new LinkMessage { Stress = new Stress { Value = 0.5 } });
        await Eventually.Until(() => _counters.MessagesIn == 1, Eventually.Patience, "the message to be read");
        _time.Advance(Deadline - Tick);
        Assert.Null(link.CloseReason);
        _time.Advance(Tick);

        Assert.Contains("heartbeat deadline", link.CloseReason);
        await running.WaitAsync(Eventually.Patience);
    }

    [Fact]
    public async Task A_heartbeat_goes_out_every_interval()
    {
        var (link, running) = Start(heartbeatsPaused: false, deadline: TimeSpan.FromHours(1));

        for (var beat = 1; beat <= 3; beat++)
        {
            _time.Advance(Interval - Tick);
            Assert.Equal(beat - 1, _writer.Heartbeats);
            _time.Advance(Tick);
            await Eventually.Until(() => _writer.Heartbeats == beat, Eventually.Patience, $"heartbeat {beat}");
            Assert.Equal((ulong)beat, _writer.LastHeartbeat!.Sequence);
            Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), _writer.LastHeartbeat.SentUnixMs);
        }

        link.Close("test over");
        await running.WaitAsync(Eventually.Patience);
    }

    private (MeshLink Link, Task Running) Start(bool heartbeatsPaused, TimeSpan? deadline = null)
    {
        var options = new MeshOptions { HeartbeatInterval = Interval, HeartbeatDeadline = deadline ?? Deadline, Time = _time };
        var link = new MeshLink("peer", new Hello { BridgeId = "peer" }, LinkDirection.Dialed, options, _counters,
            NullLogger.Instance, () => heartbeatsPaused, CancellationToken.None);
        // RunAsync arms the deadline and the heartbeat timer before its first await.
        return (link, link.RunAsync(_reader, _writer, _ => { }));
    }

    /// <summary>A stream that yields what the test delivers, and otherwise waits.</summary>
    private sealed class ScriptedReader : IAsyncStreamReader<LinkMessage>
    {
        private readonly Channel<LinkMessage> _messages = Channel.CreateUnbounded<LinkMessage>();

        public LinkMessage Current { get; private set; } = new();

        public void Deliver(LinkMessage message) => _messages.Writer.TryWrite(message);

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            Current = await _messages.Reader.ReadAsync(cancellationToken);
            return true;
        }
    }

    private sealed class RecordingWriter : IAsyncStreamWriter<LinkMessage>
    {
        private int _heartbeats;

        public int Heartbeats => Volatile.Read(ref _heartbeats);

        public Heartbeat? LastHeartbeat { get; private set; }

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(LinkMessage message, CancellationToken cancellationToken) => WriteAsync(message);

        public Task WriteAsync(LinkMessage message)
        {
            if (message.BodyCase == LinkMessage.BodyOneofCase.Heartbeat)
            {
                LastHeartbeat = message.Heartbeat;
                Interlocked.Increment(ref _heartbeats);
            }
            return Task.CompletedTask;
        }
    }
}
