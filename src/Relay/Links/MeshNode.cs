using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>
/// This bridge's side of the control-plane mesh: one <c>Link</c> stream to every registered
/// peer, exactly one per pair (the ordinally smaller bridge id dials, the other accepts through
/// <see cref="MeshLinkService"/>), kept alive with heartbeats and redialed with backoff.
/// </summary>
/// <remarks>docs/relay.md "Link protocol" describes the exchange.</remarks>
public sealed partial class MeshNode : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PeerState> _peers = new(StringComparer.Ordinal);
    private readonly HashSet<MeshLink> _runningLinks = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly IMeshHandler _handler;
    private readonly ILogger _logger;
    private readonly MeshOptions _options;
    private volatile bool _heartbeatsPaused;

    public MeshNode(MeshIdentity identity, MeshOptions options, IMeshHandler handler, ILogger<MeshNode>? logger = null)
    {
        options.Validate();
        Identity = identity;
        _options = options;
        _handler = handler;
        _logger = logger ?? NullLogger<MeshNode>.Instance;
    }

    public MeshIdentity Identity { get; }

    public MeshCounters Counters { get; } = new();

    /// <summary>Ids of the peers whose link is up right now.</summary>
    public IReadOnlyList<string> ConnectedPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _peers.Values.Where(state => state.Link is not null).Select(state => state.PeerId)];
            }
        }
    }

    /// <summary>Test hook: stop sending heartbeats (the process looks hung to its peers).</summary>
    internal bool HeartbeatsPaused
    {
        get => _heartbeatsPaused;
        set => _heartbeatsPaused = value;
    }

    /// <summary>
    /// Sets the peers discovery currently reports (this bridge's own entry is ignored). New peers
    /// are dialed or awaited, removed ones have their link closed, and a peer whose registration
    /// changed (endpoint, certificate, ...) is treated as removed and added again.
    /// </summary>
    public void UpdatePeers(IReadOnlyList<MeshPeer> peers)
    {
        var wanted = new Dictionary<string, MeshPeer>(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            if (string.Equals(peer.BridgeId, Identity.BridgeId, StringComparison.Ordinal))
            {
                continue;
            }
            if (Unusable(peer) is { } problem)
            {
                MeshLog.PeerIgnored(_logger, peer.BridgeId, problem);
                continue;
            }
            wanted[peer.BridgeId] = peer;
        }
        var replacedLinks = new Dictionary<string, Task>(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            foreach (var state in _peers.Values.ToList())
            {
                if (!wanted.TryGetValue(state.PeerId, out var peer) || peer != state.Peer)
                {
                    _peers.Remove(state.PeerId);
                    if (state.Link is not null)
                    {
                        replacedLinks[state.PeerId] = state.Link.Completion;
                    }
                    state.Unregister(state.Link, "peer removed from discovery");
                    MeshLog.PeerRemoved(_logger, state.PeerId);
                }
            }
            foreach (var peer in wanted.Values)
            {
                if (_peers.ContainsKey(peer.BridgeId))
                {
                    continue;
                }
                var direction = string.CompareOrdinal(Identity.BridgeId, peer.BridgeId) < 0
                    ? LinkDirection.Dialed
                    : LinkDirection.Accepted;
                // A changed registration's old link must report down before the new one reports up.
                var previous = replacedLinks.GetValueOrDefault(peer.BridgeId, Task.CompletedTask);
                var state = new PeerState(peer, direction, previous);
                _peers.Add(peer.BridgeId, state);
                MeshLog.PeerAdded(_logger, peer.BridgeId, peer.GrpcEndpoint, direction);
                if (direction == LinkDirection.Dialed)
                {
                    state.DialLoop = Task.Run(() => DialLoopAsync(state));
                }
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="message"/> for <paramref name="peerId"/> without blocking. False if
    /// there is no link to that peer now. Do not change a message after handing it over.
    /// </summary>
    public bool Send(string peerId, LinkMessage message)
    {
        MeshLink? link;
        lock (_gate)
        {
            link = _peers.TryGetValue(peerId, out var state) ? state.Link : null;
        }
        if (link is not null && link.TrySend(message))
        {
            return true;
        }
        Counters.MessageDropped();
        return false;
    }

    /// <summary>Queues <paramref name="message"/> for every peer whose link is up, without blocking.</summary>
    public void Broadcast(LinkMessage message)
    {
        List<MeshLink> links;
        lock (_gate)
        {
            links = [.. _peers.Values.Select(state => state.Link).OfType<MeshLink>()];
        }
        foreach (var link in links)
        {
            if (!link.TrySend(message))
            {
                Counters.MessageDropped();
            }
        }
    }

    /// <summary>
    /// True if <paramref name="certificate"/> is the pinned certificate of a registered peer: the
    /// only clients the mesh endpoint accepts. Counts and logs a refusal.
    /// </summary>
    public bool IsRegisteredCertificate(X509Certificate2 certificate, string? remoteAddress = null)
    {
        if (FindPeerByCertificate(certificate) is not null)
        {
            return true;
        }
        Counters.CertificateRejected();
        MeshLog.CertificateRejected(_logger, remoteAddress ?? "(TLS handshake)", CertificateFingerprint.Compute(certificate));
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        List<PeerState> states;
        List<MeshLink> links;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            _stopping.Cancel();
            states = [.. _peers.Values];
            links = [.. _runningLinks];
            _peers.Clear();
        }
        foreach (var state in states)
        {
            state.Unregister(state.Link, "this bridge is stopping");
        }
        foreach (var link in links)
        {
            link.Close("this bridge is stopping");
        }
        await Task.WhenAll(states.Select(state => state.DialLoop).Concat(links.Select(link => link.Completion)))
            .ConfigureAwait(false);
    }

    /// <summary>Why discovery's entry cannot be linked to, or null if it can.</summary>
    private static string? Unusable(MeshPeer peer)
    {
        if (string.IsNullOrEmpty(peer.BridgeId))
        {
            return "empty bridge id";
        }
        if (!peer.GrpcEndpoint.IsAbsoluteUri || peer.GrpcEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            return $"gRPC endpoint {peer.GrpcEndpoint} is not an absolute https URI (the mesh requires TLS)";
        }
        if (peer.TlsCertificateSha256.Length != CertificateFingerprint.Sha256Size * 2 || !peer.TlsCertificateSha256.All(char.IsAsciiHexDigit))
        {
            return "TLS certificate fingerprint is not 64 hex digits (SHA-256, no colons)";
        }
        return null;
    }

    private PeerState? FindPeerByCertificate(X509Certificate2 certificate)
    {
        var fingerprint = CertificateFingerprint.Compute(certificate);
        lock (_gate)
        {
            foreach (var state in _peers.Values)
            {
                if (string.Equals(state.Peer.TlsCertificateSha256, fingerprint, StringComparison.OrdinalIgnoreCase))
                {
                    return state;
                }
            }
        }
        return null;
    }
}
