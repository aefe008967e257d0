using OctoMesh.Relay.Links;
using Xunit.Abstractions;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>
/// Several <see cref="MeshTestNode"/>s for one test; on dispose stops them all and fails the test
/// if any logged an error.
/// </summary>
public sealed class MeshCluster(ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>Short timings so faults show quickly; the deadline keeps several heartbeats of slack.</summary>
    public static MeshOptions FastOptions() => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(250),
        HeartbeatDeadline = TimeSpan.FromMilliseconds(1500),
        ReconnectDelayInitial = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Generous: a loaded two-core machine runs several test hosts at once.</summary>
    public static readonly TimeSpan EventTimeout = Eventually.Patience;

    private readonly List<MeshTestNode> _nodes = [];

    public IReadOnlyList<MeshTestNode> Nodes => _nodes;

    public async Task<MeshTestNode> StartAsync(string bridgeId, MeshOptions? options = null)
    {
        var node = await MeshTestNode.StartAsync(bridgeId, options ?? FastOptions(), output);
        _nodes.Add(node);
        return node;
    }

    public async Task<MeshTestNode> StartAsync(MeshIdentity identity, MeshOptions? options = null)
    {
        var node = await MeshTestNode.StartAsync(identity, options ?? FastOptions(), output);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Gives every running node the same discovery view: all of <paramref name="nodes"/> (their own entry included).</summary>
    public static void Register(params MeshTestNode[] nodes)
    {
        var peers = nodes.Select(n => n.Peer).ToList();
        foreach (var node in nodes)
        {
            node.Node.UpdatePeers(peers);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true, or fails with <paramref name="description"/> after the toolkit's patience.</summary>
    public static Task EventuallyAsync(Func<bool> condition, string description) =>
        Eventually.Until(condition, EventTimeout, description);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        var errors = _nodes.SelectMany(n => n.Errors).ToList();
        Assert.True(errors.Count == 0, "Unexpected errors logged:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }
}
