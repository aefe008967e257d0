using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>The accepting side of <see cref="MeshNode"/>, called by <see cref="MeshLinkService"/>.</summary>
public sealed partial class MeshNode
{
    /// <summary>
    /// Serves one incoming Link call: identifies the peer by its (already pinned) client certificate,
    /// checks its Hello, answers with ours and runs the link until it ends.
    /// </summary>
    internal async Task AcceptAsync(
        IAsyncStreamReader<LinkMessage> reader, IServerStreamWriter<LinkMessage> writer, ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var certificate = connection.ClientCertificate;
        var state = certificate is null ? null : FindPeerByCertificate(certificate);
        if (state is null)
        {
            // Kestrel's certificate validation refuses unknown certificates at the TLS handshake,
            // but an HTTP/2 connection authenticated while the peer was registered outlives its
            // removal from discovery: refuse the call and ask Kestrel to close that connection,
            // so the next attempt meets the handshake check again.
            if (certificate is not null)
            {
                IsRegisteredCertificate(certificate, connection.RemoteIpAddress?.ToString());
            }
            context.Status = new Status(StatusCode.PermissionDenied, nameof(LinkRejection.UnknownCertificate));
            context.GetHttpContext().Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
            return;
        }
        // A link carries ~20 bytes of heartbeat per second when idle, far below Kestrel's default
        // minimum request body data rate (240 B/s after 5 s): the link must never be cut for that.
        // grpc-dotnet lifts the limit for streaming calls already; say so here as well.
        var minimumRate = context.GetHttpContext().Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (minimumRate is not null)
        {
            minimumRate.MinDataRate = null;
        }
        using var token = CancellationTokenSource.CreateLinkedTokenSource(
            context.CancellationToken, state.Unregistered, _stopping.Token);
        Hello? hello;
        try
        {
            (hello, var rejection) = await ReceiveHelloAsync(reader, state.PeerId, token.Token).ConfigureAwait(false);
            if (hello is null)
            {
                Reject(context, state.PeerId, rejection);
                return;
            }
            if (state.Direction != LinkDirection.Accepted)
            {
                // Both sides apply the same ordinal rule, so a peer that dials us although we should
                // dial it is misconfigured (or not who it claims): refuse, our own dial makes the link.
                Reject(context, state.PeerId, LinkRejection.WrongDirection);
                return;
            }
            await writer.WriteAsync(new LinkMessage { Hello = Identity.ToHello() }, token.Token).ConfigureAwait(false);
            Counters.MessageOut();
        }
        catch (Exception exception)
        {
            // The peer went away (or was unregistered) during the hello exchange: nothing to report up.
            MeshLog.StreamEnded(_logger, state.PeerId, "hello exchange", $"{exception.GetType().Name}: {exception.Message}");
            return;
        }
        if (!await RunLinkAsync(state, hello, reader, writer).ConfigureAwait(false))
        {
            context.Status = new Status(StatusCode.Unavailable, "peer unregistered");
        }
    }

    private void Reject(ServerCallContext context, string peerId, LinkRejection rejection)
    {
        Counters.HelloRejected();
        MeshLog.HelloRejected(_logger, peerId, rejection);
        context.Status = new Status(StatusCode.PermissionDenied, rejection.ToString());
    }
}
