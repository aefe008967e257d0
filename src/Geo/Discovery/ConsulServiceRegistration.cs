using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Body of <c>PUT /v1/agent/service/register</c> (Consul api-docs/agent/service, "Register Service"),
/// only the fields OctoMesh sets.
/// </summary>
internal sealed class ConsulServiceRegistration
{
    [JsonPropertyName("ID")] public required string Id { get; init; }
    [JsonPropertyName("Name")] public required string Name { get; init; }
    [JsonPropertyName("Tags")] public required IReadOnlyList<string> Tags { get; init; }
    [JsonPropertyName("Address")] public required string Address { get; init; }
    [JsonPropertyName("Port")] public required int Port { get; init; }
    [JsonPropertyName("Meta")] public required IReadOnlyDictionary<string, string> Meta { get; init; }
    [JsonPropertyName("Check")] public required ConsulTtlCheckDefinition Check { get; init; }
}
