using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// <c>octomesh-relay</c>: two bridge processes that find each other through a registry file in a temporary folder
/// and relay over embedded WireGuard on loopback, as two machines of a mesh would. Publishers send to the origin,
/// subscribers play from the edge, and the edge is the process measured: the cost of relayed fan-out, to set
/// beside <c>octomesh</c>'s local fan-out in the same <c>compare</c> run.
/// </summary>
public sealed class OctoMeshRelayPair : ISfuServer
{
    private readonly DirectoryInfo _directory;
    private readonly OctoMeshServer _origin;
    private readonly OctoMeshServer _edge;

    private OctoMeshRelayPair(DirectoryInfo directory, OctoMeshServer origin, OctoMeshServer edge)
    {
        _directory = directory;
        _origin = origin;
        _edge = edge;
    }

    public string Name => SfuServers.OctoMeshRelayName;

    /// <summary>The edge bridge, where the subscribers are.</summary>
    public int ProcessId => _edge.ProcessId;

    public ISfuSignaling CreateSignaling(TimeSpan connectTimeout) => _origin.CreateSignaling(connectTimeout);

    // The edge learns of a publisher once the mesh has announced it: WHEP's 404 is retried until then.
    public ISfuSignaling? CreateSubscriberSignaling(TimeSpan connectTimeout) =>
        new WhipWhepSignaling(_edge.BaseAddress, connectTimeout, waitForRelayedFeeds: true);

    public static async Task<OctoMeshRelayPair> StartAsync(string bridgeAssembly, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("octomesh-compare-relay-");
        var registry = Path.Combine(directory.FullName, "mesh.json");
        OctoMeshServer? origin = null;
        try
        {
            origin = await StartBridgeAsync(bridgeAssembly, startTimeout, registry, "origin", "10.99.0.1", cancellationToken).ConfigureAwait(false);
            var edge = await StartBridgeAsync(bridgeAssembly, startTimeout, registry, "edge", "10.99.0.2", cancellationToken).ConfigureAwait(false);
            return new OctoMeshRelayPair(directory, origin, edge);
        }
        catch
        {
            if (origin is not null)
            {
                await origin.DisposeAsync().ConfigureAwait(false);
            }

            directory.Delete(recursive: true);
            throw;
        }
    }

    private static Task<OctoMeshServer> StartBridgeAsync(
        string bridgeAssembly, TimeSpan startTimeout, string registry, string id, string overlay, CancellationToken cancellationToken) =>
        OctoMeshServer.StartAsync(new OctoMeshServerOptions
        {
            BridgeAssembly = bridgeAssembly,
            StartTimeout = startTimeout,
            ExtraArguments = ["--registry", registry, "--bridge-id", id, "--region", id, "--grpc-port", "0", "--relay-port", "0", "--overlay-address", overlay],
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _edge.DisposeAsync().ConfigureAwait(false);
        await _origin.DisposeAsync().ConfigureAwait(false);
        _directory.Delete(recursive: true);
    }
}
