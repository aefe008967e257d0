using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The service's TTL check inside the registration (Consul api-docs/agent/check, "Register Check").
/// Consul starts checks as critical unless <c>Status</c> is given; a bridge registers once it is ready,
/// so it registers as passing.
/// </summary>
internal sealed class ConsulTtlCheckDefinition
{
    [JsonPropertyName("CheckID")] public required string CheckId { get; init; }
    [JsonPropertyName("Name")] public required string Name { get; init; }
    [JsonPropertyName("TTL")] public required string Ttl { get; init; }
    [JsonPropertyName("Status")] public required string Status { get; init; }
    [JsonPropertyName("Notes")] public required string Notes { get; init; }
    [JsonPropertyName("DeregisterCriticalServiceAfter")] public required string DeregisterCriticalServiceAfter { get; init; }
}
