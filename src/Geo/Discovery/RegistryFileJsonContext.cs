using System.Text.Json.Serialization;

namespace OctoMesh.Geo.Discovery;

/// <summary>Source-generated JSON for the registry file: camelCase, indented for people who read it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(BridgeRegistryFile))]
internal sealed partial class RegistryFileJsonContext : JsonSerializerContext;
