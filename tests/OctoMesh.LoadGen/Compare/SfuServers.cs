namespace OctoMesh.LoadGen.Compare;

/// <summary>The servers <c>compare</c> knows, by the name used in <c>--servers</c> and as the report's keys.</summary>
public static class SfuServers
{
    public const string OctoMeshName = "octomesh";
    public const string JanusName = "janus";

    /// <summary>Two OctoMesh bridges in a mesh: publishers on the origin, subscribers on the edge, the edge measured.</summary>
    public const string OctoMeshRelayName = "octomesh-relay";

    public static IReadOnlyList<string> Names { get; } = [OctoMeshName, JanusName, OctoMeshRelayName];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Starts server <paramref name="name"/> on loopback; throws <see cref="LoadRunException"/> when it cannot.</summary>
    public static async Task<ISfuServer> StartAsync(string name, CompareOptions options, CancellationToken cancellationToken) => name switch
    {
        OctoMeshName => await StartOctoMeshAsync(options, cancellationToken).ConfigureAwait(false),
        OctoMeshRelayName => await OctoMeshRelayPair.StartAsync(BridgeAssembly(options), options.StartTimeout, cancellationToken).ConfigureAwait(false),
        JanusName => await Janus.JanusServer.StartAsync(
            new Janus.JanusServerOptions { JanusExecutable = options.JanusExecutable }, cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a server compare knows"),
    };

    private static async Task<ISfuServer> StartOctoMeshAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        return await OctoMeshServer.StartAsync(
            new OctoMeshServerOptions { BridgeAssembly = BridgeAssembly(options), StartTimeout = options.StartTimeout }, cancellationToken).ConfigureAwait(false);
    }

    private static string BridgeAssembly(CompareOptions options) => options.BridgeAssembly ?? BridgeAssemblyLocation.Built
        ?? throw new LoadRunException("this load generator was built without the bridge's path; name OctoMesh.Bridge.dll with --bridge-dll");
}
