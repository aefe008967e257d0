using System.Text.Json.Serialization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>Source-generated JSON for the compare report, <c>{"octomesh":{...},"janus":{...}}</c>: camelCase, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(OrderedDictionary<string, ServerMeasurement>))]
[JsonSerializable(typeof(OrderedDictionary<string, IdleMeasurement>))]
public sealed partial class CompareJsonContext : JsonSerializerContext;
