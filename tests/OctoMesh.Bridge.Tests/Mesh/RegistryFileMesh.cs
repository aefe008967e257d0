using System.Globalization;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Two bridge processes, eu-central (Frankfurt) and us-east (Virginia), started with the README's <c>--registry</c>
/// flags on one registry file in a temporary folder, so they find each other and link as separate machines would.
/// Disposal stops both and deletes the folder.
/// </summary>
public sealed class RegistryFileMesh : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private RegistryFileMesh(DirectoryInfo directory, BridgeProcess frankfurt, BridgeProcess virginia)
    {
        _directory = directory;
        Frankfurt = frankfurt;
        Virginia = virginia;
    }

    public BridgeProcess Frankfurt { get; }

    public BridgeProcess Virginia { get; }

    public string RegistryPath => Path.Combine(_directory.FullName, "mesh.json");

    public static async Task<RegistryFileMesh> StartAsync(TimeSpan deadline)
    {
        var directory = Directory.CreateTempSubdirectory("octomesh-mesh-");
        var registry = Path.Combine(directory.FullName, "mesh.json");
        BridgeProcess? frankfurt = null;
        try
        {
            frankfurt = await BridgeProcess.StartAsync(Arguments(registry, "eu-central", 50.11, 8.68, "10.99.0.1"), deadline);
            var virginia = await BridgeProcess.StartAsync(Arguments(registry, "us-east", 38.95, -77.45, "10.99.0.2"), deadline);
            return new RegistryFileMesh(directory, frankfurt, virginia);
        }
        catch
        {
            if (frankfurt is not null)
            {
                await frankfurt.DisposeAsync();
            }

            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The registry file and both bridges' output, for failure messages.</summary>
    public string Describe() =>
        $"registry file:{Environment.NewLine}{(File.Exists(RegistryPath) ? File.ReadAllText(RegistryPath) : "(none)")}{Environment.NewLine}"
        + $"eu-central:{Environment.NewLine}{Frankfurt.Output}{Environment.NewLine}us-east:{Environment.NewLine}{Virginia.Output}";

    public async ValueTask DisposeAsync()
    {
        await Virginia.DisposeAsync();
        await Frankfurt.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static string[] Arguments(string registry, string id, double latitude, double longitude, string overlay) =>
    [
        "--registry", registry, "--bridge-id", id, "--region", id,
        "--latitude", latitude.ToString(CultureInfo.InvariantCulture),
        "--longitude", longitude.ToString(CultureInfo.InvariantCulture),
        "--urls", "http://127.0.0.1:0", "--media-port", "0", "--grpc-port", "0", "--relay-port", "0",
        "--overlay-address", overlay, "--advertise-address", "127.0.0.1",
    ];
}
