using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>The dialing side of <see cref="MeshNode"/>: used for peers whose id is ordinally larger.</summary>
public sealed partial class MeshNode
{
    private async Task DialLoopAsync(PeerState state)
    {
        var token = state.Unregistered;
        using var channel = CreateChannel(state.Peer);
        var client = new Mesh.MeshClient(channel);
        var failures = 0;
        var attempts = 0;
        while (!token.IsCancellationRequested)
        {
            if (attempts++ > 0)
            {
                Counters.Reconnect();
            }
            var linked = await DialOnceAsync(state, client, failures + 1, token).ConfigureAwait(false);
            failures = linked ? 0 : failures + 1;
            try
            {
                await Task.Delay(ReconnectDelay(failures), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One connection attempt; true if a link came up (and has ended since).</summary>
    private async Task<bool> DialOnceAsync(PeerState state, Mesh.MeshClient client, int attempt, CancellationToken token)
    {
        try
        {
            using var call = client.Link(cancellationToken: token);
            await call.RequestStream.WriteAsync(new LinkMessage { Hello = Identity.ToHello() }, token).ConfigureAwait(false);
            Counters.MessageOut();
            var (hello, rejection) = await ReceiveHelloAsync(call.ResponseStream, state.PeerId, token).ConfigureAwait(false);
            if (hello is null)
            {
                Counters.HelloRejected();
                Counters.DialFailed();
                MeshLog.HelloRejected(_logger, state.PeerId, rejection);
                return false;
            }
            return await RunLinkAsync(state, hello, call.ResponseStream, call.RequestStream).ConfigureAwait(false);
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            Counters.DialFailed();
            var detail = exception is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : exception.Message;
            MeshLog.DialFailed(_logger, state.PeerId, state.Peer.GrpcEndpoint, attempt, detail);
            return false;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Exponential backoff with "equal jitter": half the step fixed, half random, so bridges that
    /// lost the same peer do not redial in lockstep. 0 failures (a link just ended) waits the
    /// initial step.
    /// </summary>
    private TimeSpan ReconnectDelay(int failures)
    {
        var step = _options.ReconnectDelayInitial.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(step, _options.ReconnectDelayMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    /// <summary>
    /// A channel that presents this bridge's certificate and accepts only the peer's pinned one:
    /// no CA is involved, discovery is the trust anchor.
    /// </summary>
    private GrpcChannel CreateChannel(MeshPeer peer)
    {
        var certificate = Identity.Certificate;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.HeartbeatDeadline,
            EnableMultipleHttp2Connections = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                // A self-signed client certificate matches no issuer the server may list, so choose it explicitly.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, presented, _, _) => IsPinned(peer, presented),
            },
        };
        return GrpcChannel.ForAddress(peer.GrpcEndpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
    }

    private bool IsPinned(MeshPeer peer, X509Certificate? presented)
    {
        if (presented is X509Certificate2 certificate && CertificateFingerprint.Matches(certificate, peer.TlsCertificateSha256))
        {
            return true;
        }
        var fingerprint = presented is X509Certificate2 other ? CertificateFingerprint.Compute(other) : "(none)";
        MeshLog.ServerCertificateMismatch(_logger, peer.BridgeId, peer.GrpcEndpoint, fingerprint, peer.TlsCertificateSha256);
        return false;
    }
}
