using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>One check of a health entry; the bridge's TTL check carries its stress in <c>Output</c>.</summary>
internal sealed class ConsulHealthCheck
{
    [JsonPropertyName("CheckID")] public string? CheckId { get; init; }
    [JsonPropertyName("Status")] public string? Status { get; init; }
    [JsonPropertyName("Output")] public string? Output { get; init; }
    [JsonPropertyName("ServiceID")] public string? ServiceId { get; init; }
}
