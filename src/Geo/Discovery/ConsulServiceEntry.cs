using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// One element of <c>GET /v1/health/service/:service</c>'s answer (Consul api-docs/health,
/// "List Service Instances for Service"): the node, the service instance and its checks.
/// </summary>
internal sealed class ConsulServiceEntry
{
    [JsonPropertyName("Node")] public ConsulNode? Node { get; init; }
    [JsonPropertyName("Service")] public ConsulAgentService? Service { get; init; }
    [JsonPropertyName("Checks")] public List<ConsulHealthCheck>? Checks { get; init; }
}
