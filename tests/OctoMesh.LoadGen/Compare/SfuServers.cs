namespace OctoMesh.LoadGen.Compare;

/// <summary>The servers <c>compare</c> knows, by the name used in <c>--servers</c> and as the report's keys.</summary>
public static class SfuServers
{
    public const string OctoMeshName = "octomesh";
    public const string JanusName = "janus";

    public static IReadOnlyList<string> Names { get; } = [OctoMeshName, JanusName];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Starts server <paramref name="name"/> on loopback; throws <see cref="LoadRunException"/> when it cannot.</summary>
    public static async Task<ISfuServer> StartAsync(string name, CompareOptions options, CancellationToken cancellationToken) => name switch
    {
        OctoMeshName => await StartOctoMeshAsync(options, cancellationToken).ConfigureAwait(false),
        JanusName => await Janus.JanusServer.StartAsync(
            new Janus.JanusServerOptions { JanusExecutable = options.JanusExecutable }, cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a server compare knows"),
    };

    private static async Task<ISfuServer> StartOctoMeshAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        var assembly = options.BridgeAssembly ?? BridgeAssemblyLocation.Built
            ?? throw new LoadRunException("this load generator was built without the bridge's path; name OctoMesh.Bridge.dll with --bridge-dll");
        return await OctoMeshServer.StartAsync(
            new OctoMeshServerOptions { BridgeAssembly = assembly, StartTimeout = options.StartTimeout }, cancellationToken).ConfigureAwait(false);
    }
}
