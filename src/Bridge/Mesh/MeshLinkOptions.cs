using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Mesh;

/// <summary>The mesh's gRPC link service: mutual TLS with pinned certificates, on its own HTTPS port.</summary>
public sealed class MeshLinkOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--grpc-port"] = nameof(GrpcPort),
    };

    /// <summary>HTTPS port of the link service (<c>--grpc-port</c>); 0 picks a free port. The mesh is off unless a registry is configured.</summary>
    public int GrpcPort { get; set; } = 9080;

    public IReadOnlyList<string> Validate() =>
        GrpcPort is < 0 or > 65535 ? [$"--grpc-port must be 0-65535 (got {GrpcPort})."] : [];
}
