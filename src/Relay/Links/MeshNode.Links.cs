using Grpc.Core;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>The part of <see cref="MeshNode"/> shared by both sides once a Hello was accepted.</summary>
public sealed partial class MeshNode
{
    /// <summary>
    /// Registers the link as the peer's current one (closing a stale one first), raises
    /// PeerUp, runs the link, then raises PeerDown. Returns false if the peer was unregistered
    /// meanwhile (nothing raised then).
    /// </summary>
    private async Task<bool> RunLinkAsync(
        PeerState state, Hello remoteHello, IAsyncStreamReader<LinkMessage> reader, IAsyncStreamWriter<LinkMessage> writer)
    {
        var link = new MeshLink(
            state.PeerId, remoteHello, state.Direction, _options, Counters, _logger, () => _heartbeatsPaused,
            state.Unregistered);
        MeshLink? stale;
        lock (_gate)
        {
            if (state.IsUnregistered || _stopping.IsCancellationRequested)
            {
                return false;
            }
            stale = state.Link;
            state.Link = link;
            _runningLinks.Add(link);
        }
        try
        {
            if (stale is not null)
            {
                // The peer redialed before this side noticed the old stream died (it restarted, or
                // the network dropped the old connection silently): one link per pair, the newest wins.
                stale.Close("replaced by a new link from the peer");
                await stale.Completion.ConfigureAwait(false);
            }
            await state.PreviousLinkCompletion.ConfigureAwait(false);

            Counters.LinkUp();
            MeshLog.LinkUp(_logger, state.PeerId, remoteHello.Region, remoteHello.Version, state.Direction);
            Notify(nameof(IMeshHandler.OnPeerUp), state.PeerId, () => _handler.OnPeerUp(state.PeerId, remoteHello));

            await link.RunAsync(reader, writer, message =>
                Notify(nameof(IMeshHandler.OnMessage), state.PeerId, () => _handler.OnMessage(state.PeerId, message)))
                .ConfigureAwait(false);

            var reason = link.CloseReason ?? "closed";
            Counters.LinkDown();
            MeshLog.LinkDown(_logger, state.PeerId, reason);
            Notify(nameof(IMeshHandler.OnPeerDown), state.PeerId, () => _handler.OnPeerDown(state.PeerId, reason));
            return true;
        }
        finally
        {
            lock (_gate)
            {
                if (state.Link == link)
                {
                    state.Link = null;
                }
                _runningLinks.Remove(link);
            }
            link.MarkCompleted();
        }
    }

    /// <summary>
    /// Reads the first message of a stream, which must be a Hello from <paramref name="expectedPeerId"/>
    /// and must arrive within the heartbeat deadline.
    /// </summary>
    private async Task<(Hello? Hello, LinkRejection Rejection)> ReceiveHelloAsync(
        IAsyncStreamReader<LinkMessage> reader, string expectedPeerId, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(_options.HeartbeatDeadline);
        try
        {
            if (!await reader.MoveNext(deadline.Token).ConfigureAwait(false))
            {
                return (null, LinkRejection.NoHello);
            }
        }
        catch (Exception) when (deadline.IsCancellationRequested && !token.IsCancellationRequested)
        {
            return (null, LinkRejection.NoHello);
        }
        Counters.MessageIn();
        var message = reader.Current;
        if (message.BodyCase != LinkMessage.BodyOneofCase.Hello)
        {
            return (null, LinkRejection.NotAHello);
        }
        if (!string.Equals(message.Hello.BridgeId, expectedPeerId, StringComparison.Ordinal))
        {
            return (null, LinkRejection.WrongBridgeId);
        }
        return (message.Hello, default);
    }

    private void Notify(string callback, string peerId, Action call)
    {
        try
        {
            call();
        }
        catch (Exception exception)
        {
            MeshLog.HandlerFailed(_logger, callback, peerId, exception);
        }
    }
}
