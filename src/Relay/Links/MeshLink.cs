using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>
/// One live Link stream with a peer after the Hello exchange: a bounded outgoing queue drained by
/// a writer task, a receive loop with a sliding heartbeat deadline, and a heartbeat timer.
/// The same code runs on the dialing and the accepting side.
/// </summary>
internal sealed class MeshLink
{
    private readonly Channel<LinkMessage> _outgoing;
    private readonly CancellationTokenSource _lifetime;
    private readonly MeshOptions _options;
    private readonly MeshCounters _counters;
    private readonly ILogger _logger;
    private readonly Func<bool> _heartbeatsPaused;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _closeReason;

    public MeshLink(
        string peerId, Hello remoteHello, LinkDirection direction, MeshOptions options, MeshCounters counters,
        ILogger logger, Func<bool> heartbeatsPaused, CancellationToken stopping)
    {
        PeerId = peerId;
        RemoteHello = remoteHello;
        Direction = direction;
        _options = options;
        _counters = counters;
        _logger = logger;
        _heartbeatsPaused = heartbeatsPaused;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        // Never block the sender: a full queue drops its oldest message and counts it.
        _outgoing = Channel.CreateBounded<LinkMessage>(
            new BoundedChannelOptions(options.OutgoingQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => counters.MessageDropped());
    }

    public string PeerId { get; }

    public Hello RemoteHello { get; }

    public LinkDirection Direction { get; }

    /// <summary>Why the link ended (first reason wins), or null while it runs.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes after the link ended and its PeerDown was raised.</summary>
    public Task Completion => _completed.Task;

    /// <summary>Queues a message; false only once the link is closing.</summary>
    public bool TrySend(LinkMessage message) => _outgoing.Writer.TryWrite(message);

    /// <summary>Ends the link; the first reason given is the one reported.</summary>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _outgoing.Writer.TryComplete();
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    /// <summary>Runs until the stream fails, the deadline passes or <see cref="Close"/> is called.</summary>
    public async Task RunAsync(
        IAsyncStreamReader<LinkMessage> reader, IAsyncStreamWriter<LinkMessage> writer, Action<LinkMessage> onMessage)
    {
        var token = _lifetime.Token;
        var receiving = ReceiveAsync(reader, onMessage, token);
        var sending = SendAsync(writer, token);
        var beating = HeartbeatAsync(token);
        // Heartbeats only feed the queue; the link lives as long as both directions of the stream.
        await Task.WhenAny(receiving, sending).ConfigureAwait(false);
        Close("closed");
        await Task.WhenAll(receiving, sending, beating).ConfigureAwait(false);
        _lifetime.Dispose();
    }

    internal void MarkCompleted() => _completed.TrySetResult();

    private async Task ReceiveAsync(IAsyncStreamReader<LinkMessage> reader, Action<LinkMessage> onMessage, CancellationToken token)
    {
        // The deadline slides: every message (heartbeat or not) proves the peer alive. When it
        // passes, the link closes with that reason first, so a read or write that fails because
        // of the closing cannot report a different cause.
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.Time);
        using var onDeadline = deadline.Token.Register(MissedDeadline);
        deadline.CancelAfter(_options.HeartbeatDeadline);
        try
        {
            while (await reader.MoveNext(token).ConfigureAwait(false))
            {
                deadline.CancelAfter(_options.HeartbeatDeadline);
                _counters.MessageIn();
                var message = reader.Current;
                if (message.BodyCase is LinkMessage.BodyOneofCase.Heartbeat or LinkMessage.BodyOneofCase.Hello)
                {
                    continue;
                }
                onMessage(message);
            }
            Close("closed by the peer");
        }
        catch (Exception exception)
        {
            MeshLog.StreamEnded(_logger, PeerId, "receive", $"{exception.GetType().Name}: {exception.Message}");
            Close(token.IsCancellationRequested ? "closed" : $"receive failed: {Describe(exception)}");
        }
    }

    private void MissedDeadline()
    {
        if (CloseReason is null)
        {
            _counters.HeartbeatMissed();
            Close($"nothing received for {_options.HeartbeatDeadline.TotalMilliseconds:0} ms (heartbeat deadline)");
        }
    }

    private async Task SendAsync(IAsyncStreamWriter<LinkMessage> writer, CancellationToken token)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await writer.WriteAsync(message, token).ConfigureAwait(false);
                _counters.MessageOut();
            }
        }
        catch (Exception exception)
        {
            MeshLog.StreamEnded(_logger, PeerId, "send", $"{exception.GetType().Name}: {exception.Message}");
            Close(token.IsCancellationRequested ? "closed" : $"send failed: {Describe(exception)}");
        }
    }

    private async Task HeartbeatAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _options.Time);
        ulong sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (_heartbeatsPaused())
                {
                    continue;
                }
                TrySend(new LinkMessage
                {
                    Heartbeat = new Heartbeat { Sequence = ++sequence, SentUnixMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds() },
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The link is closing.
        }
    }

    private static string Describe(Exception exception) =>
        exception is RpcException rpc ? $"{rpc.StatusCode} {rpc.Status.Detail}" : exception.Message;
}
