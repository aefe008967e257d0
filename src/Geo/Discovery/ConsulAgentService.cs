using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>The service part of a health entry.</summary>
internal sealed class ConsulAgentService
{
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("Service")] public string? Service { get; init; }
    [JsonPropertyName("Tags")] public List<string>? Tags { get; init; }
    [JsonPropertyName("Address")] public string? Address { get; init; }
    [JsonPropertyName("Port")] public int Port { get; init; }
    [JsonPropertyName("Meta")] public Dictionary<string, string>? Meta { get; init; }
}
