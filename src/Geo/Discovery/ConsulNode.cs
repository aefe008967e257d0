using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>The node part of a health entry: an empty service address means the node's address.</summary>
internal sealed class ConsulNode
{
    [JsonPropertyName("Node")] public string? Name { get; init; }
    [JsonPropertyName("Address")] public string? Address { get; init; }
    [JsonPropertyName("Datacenter")] public string? Datacenter { get; init; }
}
