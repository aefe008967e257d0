using System.Text.Json.Serialization;

namespace OctoMesh.LoadGen;

/// <summary>Source-generated JSON for <see cref="LoadReport"/>: camelCase, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LoadReport))]
public sealed partial class LoadReportJsonContext : JsonSerializerContext;
