using System.Text.Json;
using System.Text.Json.Nodes;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>deploy/consul/octomesh-bridge.service.json must stay exactly what the client registers.</summary>
[Trait(Tier.Name, Tier.Unit)]
public class DeployExampleTests
{
    [Fact]
    public void The_example_service_definition_is_the_body_the_client_sends()
    {
        var path = Path.Combine(RepositoryRoot(), "deploy", "consul", "octomesh-bridge.service.json");
        var example = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var meta = example["Meta"]!.AsObject();
        var record = new BridgeRecord
        {
            Id = example["ID"]!.GetValue<string>(),
            Region = meta["region"]!.GetValue<string>(),
            Latitude = double.Parse(meta["latitude"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Longitude = double.Parse(meta["longitude"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Version = meta["version"]!.GetValue<string>(),
            HttpUrl = new Uri(meta["http_url"]!.GetValue<string>()),
            MediaAddress = meta["media_address"]!.GetValue<string>(),
            RelayEndpoint = meta["relay_endpoint"]!.GetValue<string>(),
            GrpcEndpoint = new Uri(meta["grpc_endpoint"]!.GetValue<string>()),
            WireGuardPublicKey = meta["wireguard_public_key"]!.GetValue<string>(),
            OverlayAddress = meta["overlay_address"]!.GetValue<string>(),
            TlsCertificateSha256 = meta["tls_certificate_sha256"]!.GetValue<string>(),
        };
        Assert.Empty(record.Validate());
        var options = new ConsulRegistryOptions { Address = new Uri("http://127.0.0.1:8500/") };

        var sent = JsonNode.Parse(JsonSerializer.Serialize(
            ConsulServiceMapping.ToRegistration(record, options), ConsulJsonContext.Default.ConsulServiceRegistration))!;

        Assert.True(JsonNode.DeepEquals(example, sent), $"deploy example differs from the client's body:{Environment.NewLine}{sent.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OctoMesh.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"OctoMesh.sln not found above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
