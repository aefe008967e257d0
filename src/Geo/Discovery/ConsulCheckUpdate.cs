using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>Body of <c>PUT /v1/agent/check/update/:check_id</c> (Consul api-docs/agent/check, "TTL Check Update").</summary>
internal sealed class ConsulCheckUpdate
{
    [JsonPropertyName("Status")] public required string Status { get; init; }
    [JsonPropertyName("Output")] public required string Output { get; init; }
}
