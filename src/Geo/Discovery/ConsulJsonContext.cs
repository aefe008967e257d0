using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>Source-generated JSON for the Consul bodies (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsulServiceRegistration))]
[JsonSerializable(typeof(ConsulCheckUpdate))]
[JsonSerializable(typeof(List<ConsulServiceEntry>))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
