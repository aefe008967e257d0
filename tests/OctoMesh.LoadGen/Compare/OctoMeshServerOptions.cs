namespace OctoMesh.LoadGen.Compare;

/// <summary>How <see cref="OctoMeshServer"/> starts a bridge.</summary>
public sealed record OctoMeshServerOptions
{
    /// <summary>The bridge's <c>OctoMesh.Bridge.dll</c> (its runtimeconfig, deps, wwwroot and geodata next to it).</summary>
    public required string BridgeAssembly { get; init; }

    /// <summary>Deadline for the process to listen and answer <c>/health</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline for a graceful stop (SIGTERM) before the process is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Further command-line options for the bridge (a mesh's registry file, its id), after the defaults.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
