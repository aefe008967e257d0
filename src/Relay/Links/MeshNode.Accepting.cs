using Grpc.Core;
using Microsoft.AspNetCore.Http;
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
            // Kestrel's certificate validation refuses these already; this covers a host that
            // mapped the service without MeshKestrel's endpoint.
            Reject(context, "(unknown)", LinkRejection.UnknownCertificate);
            return;
        }
        using var token = CancellationTokenSource.CreateLinkedTokenSource(
            context.CancellationToken, state.Unregistered, _stopping.Token);
        var (hello, rejection) = await ReceiveHelloAsync(reader, state.PeerId, token.Token).ConfigureAwait(false);
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
